import { type TypeBoxTypeProvider, Type } from '@fastify/type-provider-typebox';
import { count, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { actorOf, DateString, errorResponses, noContent, Nullable } from '../../platform/http.ts';
import { org } from '../../platform/org-tree/org-tree.schema.ts';
import {
  createProject,
  createStation,
  createTeam,
  listProjects,
  listStations,
  listTeams,
  recruitVolunteer,
  removeTeamMember,
  setTeamMember,
  teamMembers,
  updateProject,
  updateStation,
  updateTeam,
} from './groups.service.ts';
import { projectThemes, teamKindLabels } from './volunteers.labels.ts';
import { teamKinds, volunteerProjectMember, volunteerTeam } from './volunteer-groups.schema.ts';

// a date that exists (the kernel's format: 2026-02-30 is refused naming the field)
const DateStr = DateString;
const Id = Type.Object({ id: Type.String() });
const OrgFilter = { orgId: Type.Optional(Type.Integer({ minimum: 1 })), q: Type.Optional(Type.String({ maxLength: 50 })) };
const withProblems = { ...errorResponses, 409: Type.Ref('Problem'), 422: Type.Ref('Problem') };

const TeamOut = Type.Object({
  id: Type.String(),
  orgId: Type.Integer(),
  orgName: Nullable(Type.String()),
  name: Type.String(),
  kind: Type.Enum(teamKinds),
  kindLabel: Type.String(),
  foundedOn: Type.String(),
  description: Nullable(Type.String()),
  status: Type.String(),
  members: Type.Integer(),
  leaders: Nullable(Type.String()),
});
const MemberOut = Type.Object({ volunteerId: Type.String(), name: Type.String(), number: Type.String(), role: Type.String(), joinedOn: Type.String() });
const StationOut = Type.Object({
  id: Type.String(),
  orgId: Type.Integer(),
  orgName: Nullable(Type.String()),
  name: Type.String(),
  address: Type.String(),
  lat: Nullable(Type.Number()),
  lng: Nullable(Type.Number()),
  star: Nullable(Type.Integer()),
  ratedOn: Nullable(Type.String()),
  establishedOn: Type.String(),
  status: Type.String(),
});
const ProjectOut = Type.Object({
  id: Type.String(),
  orgId: Type.Integer(),
  orgName: Nullable(Type.String()),
  name: Type.String(),
  theme: Type.String(),
  description: Nullable(Type.String()),
  startOn: Type.String(),
  endOn: Nullable(Type.String()),
  target: Type.Integer(),
  recruited: Type.Integer(),
  status: Type.String(),
});

const TeamBody = Type.Object({
  orgId: Type.Integer({ minimum: 1 }),
  name: Type.String({ maxLength: 100 }),
  kind: Type.Enum(teamKinds),
  foundedOn: DateStr,
  description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
});
const StationBody = Type.Object({
  orgId: Type.Integer({ minimum: 1 }),
  name: Type.String({ maxLength: 100 }),
  address: Type.String({ maxLength: 200 }),
  lat: Type.Optional(Type.Union([Type.Null(), Type.Number({ minimum: -90, maximum: 90 })])),
  lng: Type.Optional(Type.Union([Type.Null(), Type.Number({ minimum: -180, maximum: 180 })])),
  star: Type.Optional(Type.Union([Type.Null(), Type.Integer()])),
  ratedOn: Type.Optional(Nullable(DateStr)),
  establishedOn: DateStr,
});
const ProjectBody = Type.Object({
  orgId: Type.Integer({ minimum: 1 }),
  name: Type.String({ maxLength: 100 }),
  theme: Type.String({ maxLength: 50 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  startOn: DateStr,
  endOn: Type.Optional(Nullable(DateStr)),
  target: Type.Integer(),
});

export async function groupsRoutes(fastify: FastifyInstance, opts: { db: Db }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = opts;
  type TeamRow = Awaited<ReturnType<typeof listTeams>>[number];
  const presentTeam = (r: TeamRow, lang: 'zh-CN' | 'en-US') => ({
    ...r.t,
    orgName: r.orgName,
    kindLabel: teamKindLabels[r.t.kind][lang],
    members: r.members,
    leaders: r.leaders,
  });
  const oneTeam = async (id: string, lang: 'zh-CN' | 'en-US') => {
    const [row] = await db
      .select({ t: volunteerTeam, orgName: org.name })
      .from(volunteerTeam)
      .innerJoin(org, eq(org.id, volunteerTeam.orgId))
      .where(eq(volunteerTeam.id, id));
    if (!row) throw new Error('checked by the access hook');
    const members = await teamMembers(db, id);
    const leaders = members.filter((m) => m.m.role === 'leader').map((m) => m.name);
    return {
      ...presentTeam({ ...row, members: members.length, leaders: leaders.length ? leaders.join('、') : null }, lang),
      memberList: members.map((m) => ({ volunteerId: m.m.volunteerId, name: m.name, number: m.number, role: m.m.role, joinedOn: m.m.joinedOn })),
    };
  };

  app.get(
    '/volunteer-meta',
    {
      config: { access: { permission: 'volunteer.read' } },
      schema: {
        summary: 'Get volunteer kinds and options',
        response: {
          200: Type.Object({ teamKinds: Type.Array(Type.Object({ value: Type.String(), label: Type.String() })), projectThemes: Type.Array(Type.String()) }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({ teamKinds: teamKinds.map((value) => ({ value, label: teamKindLabels[value][request.lang] })), projectThemes }),
  );

  app.get(
    '/volunteer-teams',
    {
      config: { access: { permission: 'volunteer.read' } },
      schema: {
        summary: 'List volunteer teams',
        querystring: Type.Object({ ...OrgFilter, kind: Type.Optional(Type.Enum(teamKinds)), status: Type.Optional(Type.String({ maxLength: 20 })) }),
        response: { 200: Type.Object({ items: Type.Array(TeamOut) }), ...errorResponses },
      },
    },
    async (request) => ({ items: (await listTeams(db, actorOf(request), request.query)).map((r) => presentTeam(r, request.lang)) }),
  );
  app.post(
    '/volunteer-teams',
    {
      config: { access: { permission: 'volunteer.write' } },
      schema: { summary: 'Create a volunteer team', body: TeamBody, response: { 201: TeamOut, ...withProblems } },
    },
    async (request, reply) => reply.code(201).send(await oneTeam((await createTeam(db, actorOf(request), request.body)).id, request.lang)),
  );
  const TeamDetail = Type.Intersect([TeamOut, Type.Object({ memberList: Type.Array(MemberOut) })]);
  app.get(
    '/volunteer-teams/:id',
    {
      config: { access: { permission: 'volunteer.read', entity: 'volunteerTeam' } },
      schema: { summary: 'Get a volunteer team', params: Id, response: { 200: TeamDetail, ...errorResponses } },
    },
    async (request) => oneTeam(request.params.id, request.lang),
  );
  app.patch(
    '/volunteer-teams/:id',
    {
      config: { access: { permission: 'volunteer.write', entity: 'volunteerTeam' } },
      schema: {
        summary: 'Update a volunteer team',
        params: Id,
        body: Type.Partial(
          Type.Object({ ...Type.Omit(TeamBody, ['orgId']).properties, status: Type.Union([Type.Literal('active'), Type.Literal('dissolved')]) }),
        ),
        response: { 200: TeamDetail, ...withProblems },
      },
    },
    async (request) => {
      await updateTeam(db, actorOf(request), request.params.id, request.body);
      return oneTeam(request.params.id, request.lang);
    },
  );
  app.post(
    '/volunteer-teams/:id/members',
    {
      config: { access: { permission: 'volunteer.write', entity: 'volunteerTeam' } },
      schema: {
        summary: 'Add volunteers to a team',
        params: Id,
        body: Type.Object({ volunteerId: Type.String({ format: 'uuid' }), role: Type.Optional(Type.Union([Type.Literal('member'), Type.Literal('leader')])) }),
        response: { 200: TeamDetail, ...withProblems },
      },
    },
    async (request) => {
      await setTeamMember(db, actorOf(request), request.params.id, request.body.volunteerId, request.body.role ?? 'member');
      return oneTeam(request.params.id, request.lang);
    },
  );
  app.post(
    '/volunteer-teams/:id/members/remove',
    {
      config: { access: { permission: 'volunteer.write', entity: 'volunteerTeam' } },
      schema: {
        summary: 'Remove volunteers from a team',
        params: Id,
        body: Type.Object({ volunteerId: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), ...withProblems },
      },
    },
    async (request, reply) => {
      await removeTeamMember(db, actorOf(request), request.params.id, request.body.volunteerId);
      return noContent(reply);
    },
  );

  app.get(
    '/volunteer-stations',
    {
      config: { access: { permission: 'volunteer.read' } },
      schema: {
        summary: 'List volunteer stations',
        querystring: Type.Object({ ...OrgFilter, star: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })) }),
        response: { 200: Type.Object({ items: Type.Array(StationOut) }), ...errorResponses },
      },
    },
    async (request) => ({ items: (await listStations(db, actorOf(request), request.query)).map((r) => ({ ...r.s, orgName: r.orgName })) }),
  );
  app.post(
    '/volunteer-stations',
    {
      config: { access: { permission: 'volunteer.write' } },
      schema: { summary: 'Create a volunteer station', body: StationBody, response: { 201: StationOut, ...withProblems } },
    },
    async (request, reply) => reply.code(201).send({ ...(await createStation(db, actorOf(request), request.body)), orgName: null }),
  );
  app.patch(
    '/volunteer-stations/:id',
    {
      config: { access: { permission: 'volunteer.write', entity: 'volunteerStation' } },
      schema: {
        summary: 'Update a volunteer station',
        params: Id,
        body: Type.Partial(
          Type.Object({ ...Type.Omit(StationBody, ['orgId']).properties, status: Type.Union([Type.Literal('active'), Type.Literal('closed')]) }),
        ),
        response: { 200: StationOut, ...withProblems },
      },
    },
    async (request) => ({ ...(await updateStation(db, actorOf(request), request.params.id, request.body)), orgName: null }),
  );

  app.get(
    '/volunteer-projects',
    {
      config: { access: { permission: 'volunteer.read' } },
      schema: {
        summary: 'List volunteer projects',
        querystring: Type.Object({ ...OrgFilter, theme: Type.Optional(Type.String({ maxLength: 50 })), status: Type.Optional(Type.String({ maxLength: 20 })) }),
        response: { 200: Type.Object({ items: Type.Array(ProjectOut) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: (await listProjects(db, actorOf(request), request.query)).map((r) => ({ ...r.p, orgName: r.orgName, recruited: r.recruited })),
    }),
  );
  app.post(
    '/volunteer-projects',
    {
      config: { access: { permission: 'volunteer.write' } },
      schema: { summary: 'Create a volunteer project', body: ProjectBody, response: { 201: ProjectOut, ...withProblems } },
    },
    async (request, reply) => reply.code(201).send({ ...(await createProject(db, actorOf(request), request.body)), orgName: null, recruited: 0 }),
  );
  app.patch(
    '/volunteer-projects/:id',
    {
      config: { access: { permission: 'volunteer.write', entity: 'volunteerProject' } },
      schema: {
        summary: 'Update a volunteer project',
        params: Id,
        body: Type.Partial(
          Type.Object({ ...Type.Omit(ProjectBody, ['orgId']).properties, status: Type.Union([Type.Literal('active'), Type.Literal('closed')]) }),
        ),
        response: { 200: ProjectOut, ...withProblems },
      },
    },
    async (request) => {
      const p = await updateProject(db, actorOf(request), request.params.id, request.body);
      const [r] = await db.select({ n: count() }).from(volunteerProjectMember).where(eq(volunteerProjectMember.projectId, p.id));
      return { ...p, orgName: null, recruited: r?.n ?? 0 };
    },
  );
  app.post(
    '/volunteer-projects/:id/recruit',
    {
      config: { access: { permission: 'volunteer.write', entity: 'volunteerProject' } },
      schema: {
        summary: 'Recruit a volunteer into a project',
        params: Id,
        body: Type.Object({ volunteerId: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null(), ...withProblems },
      },
    },
    async (request, reply) => {
      await recruitVolunteer(db, actorOf(request), request.params.id, request.body.volunteerId);
      return noContent(reply);
    },
  );
}

// The volunteers module's public face: other modules import from here, never from its files.
import { defineModule } from '../../platform/module.ts';
import { activitiesRoutes } from './activities.routes.ts';
import { groupsRoutes } from './groups.routes.ts';
import { volunteersEntities } from './volunteers.entities.ts';
import { volunteersErrors, volunteersLabels } from './volunteers.errors.ts';
import { volunteerExportRoutes } from './volunteers.excel.ts';
import { offersHourly } from './volunteers.jobs.ts';
import { volunteerLinks } from './volunteers.links.ts';
import { volunteersMetrics } from './volunteers.metrics.ts';
import { volunteersRoutes } from './volunteers.routes.ts';
export { cancelSignup, signUp } from './signups.service.ts';
export { volunteerProject, volunteerStation, volunteerTeam } from './volunteer-groups.schema.ts';
export { activity, shift, signup, volunteer } from './volunteers.schema.ts';
export { seedDemoVolunteers } from './volunteers.seed.ts';

export const volunteersModule = defineModule({
  name: 'volunteers',
  label: { 'zh-CN': '志愿者', 'en-US': 'Volunteers' },
  // volunteerLinks adds no routes: it tells people's link requests how a 'volunteer' request is fulfilled.
  routes: [volunteersRoutes, activitiesRoutes, groupsRoutes, volunteerExportRoutes, volunteerLinks],
  metrics: volunteersMetrics,
  jobs: [offersHourly],
  entities: volunteersEntities,
  labels: volunteersLabels,
  uniqueFields: {
    volunteer_person_uq: 'personId',
    volunteer_number_uq: 'number',
    signup_live_uq: 'signup',
    volunteer_team_name_uq: 'name',
    team_member_live_uq: 'volunteerId',
    project_member_uq: 'volunteerId',
  },
  permissions: ['volunteer.read', 'volunteer.write'],
  menu: [
    { path: '/volunteer-dashboard', label: { 'zh-CN': '志愿服务概览', 'en-US': 'Volunteering overview' }, permission: 'volunteer.read' },
    { path: '/volunteers', label: { 'zh-CN': '志愿者', 'en-US': 'Volunteers' }, permission: 'volunteer.read' },
    { path: '/volunteer-activities', label: { 'zh-CN': '志愿活动', 'en-US': 'Volunteer activities' }, permission: 'volunteer.read' },
    { path: '/volunteer-groups', label: { 'zh-CN': '队伍·站点·项目', 'en-US': 'Teams, stations, projects' }, permission: 'volunteer.read' },
  ],
  errors: volunteersErrors,
});

// Every table, for drizzle-kit and the typed client.
export * from '../platform/auth/auth.schema.ts';
export * from '../platform/access/access.schema.ts';
export * from '../platform/audit/audit.schema.ts';
export * from '../platform/org-tree/org-tree.schema.ts';
export * from '../modules/people/people.schema.ts';
export * from '../platform/settings/settings.schema.ts';
export * from '../platform/workflow/workflow.schema.ts';
export * from '../platform/jobs/jobs.schema.ts';
export * from '../platform/imports/imports.schema.ts';
export * from '../modules/members/members.schema.ts';
export * from '../modules/volunteers/volunteers.schema.ts';
export * from '../modules/volunteers/volunteer-groups.schema.ts';
export * from '../modules/member-life/member-life.schema.ts';
export * from '../modules/cadres/cadres.schema.ts';
export * from '../modules/org-life/org-life.schema.ts';
export * from '../modules/volunteer-hours/volunteer-hours.schema.ts';
export * from '../modules/study/study.schema.ts';

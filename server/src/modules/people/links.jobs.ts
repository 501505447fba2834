import type { Job } from '../../platform/jobs/jobs.ts';
import { expireLinks } from './links.service.ts';

/** Requests nobody answered in time end as expired (days: the keeper's `people.linkRequestDays`). */
export const linksDaily: Job = {
  name: 'people.link_requests',
  schedule: 'daily',
  run: async ({ db, today }) => ({ expired: await expireLinks(db, today) }),
};

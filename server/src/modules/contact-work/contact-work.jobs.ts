import type { Job } from '../../platform/jobs/jobs.ts';
import { remindFollowUps } from './suggestions.service.ts';

/** Each day: tell the assignee of every settled suggestion whose follow-up (回访) falls due; once each. */
export const followUpsDaily: Job = {
  name: 'contact-work.follow-ups',
  schedule: 'daily',
  run: async ({ db, today }) => remindFollowUps(db, today),
};

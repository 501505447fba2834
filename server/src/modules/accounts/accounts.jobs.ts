import type { Job } from '../../platform/jobs/jobs.ts';
import { pruneThrottle } from '../../platform/auth/throttle.ts';

/** Drops the sign-in throttle's idle rows (unknown usernames tried once would otherwise stay for ever). */
export const loginThrottlePrune: Job = {
  name: 'accounts.login_throttle_prune',
  schedule: 'hourly',
  run: async ({ db, now }) => ({ pruned: await pruneThrottle(db, now) }),
};

import { defineJob } from '../../platform/jobs/jobs.ts';
import { settleDueOffers } from './signups.service.ts';

// Offers from the waiting list also lapse lazily whenever a shift is read or changed; the job
// catches shifts nobody touches, so the next in line hears of the place in time.
defineJob({
  name: 'volunteers.offers',
  schedule: 'daily',
  run: async ({ db }) => settleDueOffers(db, new Date()),
});

import type { Job } from '../../platform/jobs/jobs.ts';
import { settleDueOffers } from './signups.service.ts';

// Offers from the waiting list also lapse lazily whenever a shift is read or changed; the job
// catches shifts nobody touches. Hourly, because an offer's window is counted in hours
// (`volunteers.offerHours`): a daily run could leave a freed place with nobody for most of a day.
export const offersHourly: Job = {
  name: 'volunteers.offers',
  schedule: 'hourly',
  run: async ({ db, now }) => settleDueOffers(db, now),
};

// How volunteers take part in people's link requests, installed with the module's routes (people
// cannot import volunteers): accepting a 'volunteer' request registers the person at the org that asked.
import type { ModuleRoutes } from '../../platform/module.ts';
import { volunteersLabels } from './volunteers.errors.ts';
import { fulfilLinks } from '../people/index.ts';
import { fulfilVolunteerLink } from './volunteers.service.ts';

export const volunteerLinks: ModuleRoutes = async () => {
  fulfilLinks('volunteer', fulfilVolunteerLink, volunteersLabels);
};

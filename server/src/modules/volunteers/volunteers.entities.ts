// The module's entities for routes' `config.access.entity`: an id → the path of the org owning it.
import { type EntityResolver, ownedBy } from '../../platform/access/entities.ts';
import { volunteerProject, volunteerStation, volunteerTeam } from './volunteer-groups.schema.ts';
import { activity, shift, signup, volunteer } from './volunteers.schema.ts';

export const volunteersEntities: Record<string, EntityResolver> = {
  volunteer: ownedBy(volunteer),
  volunteerActivity: ownedBy(activity),
  volunteerShift: ownedBy(shift),
  volunteerSignup: ownedBy(signup),
  volunteerTeam: ownedBy(volunteerTeam),
  volunteerStation: ownedBy(volunteerStation),
  volunteerProject: ownedBy(volunteerProject),
};

// How members take part in people's link requests, installed with the module's routes (people
// cannot import members): accepting a 'member' request records the member, and a person who is
// an active member is never handed to another keeper — membership moves only by transfer.
import type { ModuleRoutes } from '../../platform/module.ts';
import { membersLabels } from './members.errors.ts';
import { fulfilLinks, guardKeeperMove } from '../people/index.ts';
import { fulfilMemberLink, refuseActiveMember } from './members.service.ts';

export const memberLinks: ModuleRoutes = async () => {
  fulfilLinks('member', fulfilMemberLink, membersLabels);
  guardKeeperMove('members.active_member', refuseActiveMember);
};

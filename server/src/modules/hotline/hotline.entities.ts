// The module's entities for routes' `config.access.entity`: an id → the path of the org owning it.
import { type EntityResolver, ownedBy } from '../../platform/access/entities.ts';
import { hotlineCase, hotlineCounsellor, hotlineLecture, hotlineReferral } from './hotline.schema.ts';

export const hotlineEntities: Record<string, EntityResolver> = {
  hotlineCase: ownedBy(hotlineCase),
  hotlineReferral: ownedBy(hotlineReferral),
  hotlineCounsellor: ownedBy(hotlineCounsellor),
  hotlineLecture: ownedBy(hotlineLecture),
};

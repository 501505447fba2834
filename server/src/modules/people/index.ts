// The people module's public face: its definition, and what other modules use to keep and show
// a person (the table, ID number rules, masking) and to ask for a person kept elsewhere (link
// requests). People never import orgs (orgs merges move people).
import { defineModule } from '../../platform/module.ts';
import { linksDaily } from './links.jobs.ts';
import { linksRoutes } from './links.routes.ts';
import { peopleErrors, peopleLabels } from './people.errors.ts';
import { peopleRoutes } from './people.routes.ts';
import { peopleEntities } from './people.service.ts';
export { makeIdNumber, parseIdNumber } from './id-number.ts';
export { LinkRequestedOut } from './links.routes.ts';
export {
  accountLinkPending,
  fulfilLinks,
  guardKeeperMove,
  isLinkRequested,
  linkRequestedAnswer,
  moveKeeper,
  personByIdNumber,
  requestLink,
  type LinkContext,
  type LinkFulfilment,
  type LinkRequested,
} from './links.service.ts';
export { peopleErrors } from './people.errors.ts';
export { person, personLinkRequest } from './people.schema.ts';
export type { Gender } from './people.schema.ts';
export { presentPerson, sensitiveColumns, validatePerson } from './people.service.ts';

export const peopleModule = defineModule({
  name: 'people',
  label: { 'zh-CN': '人员', 'en-US': 'People' },
  routes: [peopleRoutes, linksRoutes],
  jobs: [linksDaily],
  entities: peopleEntities,
  labels: peopleLabels,
  uniqueFields: { person_id_hash_uq: 'idNumber' },
  permissions: ['person.read', 'person.write', 'person.viewFull'],
  menu: [{ path: '/link-requests', label: { 'zh-CN': '人员关联申请', 'en-US': 'Link requests' }, permission: 'person.read' }],
  errors: peopleErrors,
});

// The people module's public face: its definition, and what other modules use to keep and show
// a person (the table, ID number rules, masking). People never import orgs (orgs merges move people).
import { defineModule } from '../../platform/module.ts';
import { peopleRoutes } from './people.routes.ts';
import { peopleEntities } from './people.service.ts';
export { makeIdNumber, parseIdNumber } from './id-number.ts';
export { person } from './people.schema.ts';
export type { Gender } from './people.schema.ts';
export { presentPerson, sensitiveColumns, validatePerson } from './people.service.ts';

export const peopleModule = defineModule({
  name: 'people',
  label: { 'zh-CN': '人员', 'en-US': 'People' },
  routes: [peopleRoutes],
  entities: peopleEntities,
  uniqueFields: { person_id_hash_uq: 'idNumber' },
  permissions: ['person.read', 'person.write', 'person.viewFull'],
});

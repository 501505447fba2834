// The people module's public face: other modules import from here, never from its files.
import { defineModule } from '../../platform/module.ts';
import { peopleRoutes } from './people.routes.ts';
export { makeIdNumber, parseIdNumber } from './id-number.ts';
export { person } from './people.schema.ts';
export type { Gender } from './people.schema.ts';
export { presentPerson, sensitiveColumns, validatePerson } from './people.service.ts';

export const peopleModule = defineModule({
  name: 'people',
  label: { 'zh-CN': '人员', 'en-US': 'People' },
  routes: [peopleRoutes],
  jobs: [],
});

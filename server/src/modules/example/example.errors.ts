import { defineErrors } from '../../platform/errors.ts';

/** The module's field labels: the kernel's shared ones (orgId, birthDate …) need not be repeated. */
export const exampleLabels = {
  on: { 'zh-CN': '核对日期', 'en-US': 'Checked on' },
};

/** Every business error of the module: one code, both languages, the field it concerns. */
export const exampleErrors = defineErrors('example', exampleLabels, {
  over_age: { 'zh-CN': '{on} 时已满 {age} 周岁，超出团员年龄', 'en-US': 'already {age} on {on}: past the league age' },
  under_age: { 'zh-CN': '{on} 时未满 {age} 周岁，尚不能入团', 'en-US': 'not yet {age} on {on}: too young to join' },
});

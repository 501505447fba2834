import { Type } from '@fastify/type-provider-typebox';
import { addMonths } from '../../platform/dates.ts';
import type { Messages } from '../../platform/errors.ts';
import { defineSetting } from '../../platform/settings/settings.ts';
import { isBranch } from '../../platform/org-tree/org-tree.ts';
import type { OrgCategory, OrgKind } from '../../platform/org-tree/org-tree.schema.ts';
import type { CadreKind, CadrePost } from './cadres.schema.ts';

export const postLabels: Record<CadrePost, Messages> = {
  secretary: { 'zh-CN': '书记', 'en-US': 'Secretary' },
  deputy_secretary: { 'zh-CN': '副书记', 'en-US': 'Deputy secretary' },
  organization: { 'zh-CN': '组织委员', 'en-US': 'Organization member' },
  publicity: { 'zh-CN': '宣传委员', 'en-US': 'Publicity member' },
  member: { 'zh-CN': '委员', 'en-US': 'Committee member' },
  staff: { 'zh-CN': '工作人员', 'en-US': 'Staff' },
};
export const cadreKindLabels: Record<CadreKind, Messages> = {
  full_time: { 'zh-CN': '专职', 'en-US': 'Full-time' },
  part_time: { 'zh-CN': '兼职', 'en-US': 'Part-time' },
  seconded: { 'zh-CN': '挂职', 'en-US': 'Seconded' },
};

/** Term lengths in years allowed per kind of org (团章; DOMAIN.md: configurable per subtree). */
export const termYearsSetting = defineSetting({
  key: 'orgs.termYears',
  label: { 'zh-CN': '换届任期（年）', 'en-US': 'Term lengths (years)' },
  description: {
    'zh-CN': '各类组织允许的每届任期年数：团支部 2 或 3 年，学校学生团支部 1 年，县级以上团委 5 年',
    'en-US': 'Allowed term lengths: branches 2 or 3 years, school student branches 1 year, county and city committees 5 years',
  },
  schema: Type.Object({
    branch: Type.Array(Type.Integer({ minimum: 1, maximum: 10 }), { minItems: 1 }),
    schoolBranch: Type.Array(Type.Integer({ minimum: 1, maximum: 10 }), { minItems: 1 }),
    generalBranch: Type.Array(Type.Integer({ minimum: 1, maximum: 10 }), { minItems: 1 }),
    basicCommittee: Type.Array(Type.Integer({ minimum: 1, maximum: 10 }), { minItems: 1 }),
    localCommittee: Type.Array(Type.Integer({ minimum: 1, maximum: 10 }), { minItems: 1 }),
  }),
  default: { branch: [2, 3], schoolBranch: [1], generalBranch: [2, 3], basicCommittee: [3, 5], localCommittee: [5] },
});
export type TermYears = typeof termYearsSetting.default;

export const termWarningSetting = defineSetting({
  key: 'orgs.termWarningDays',
  label: { 'zh-CN': '换届提醒提前天数', 'en-US': 'Days of warning before a term ends' },
  schema: Type.Integer({ minimum: 0, maximum: 730 }),
  default: 90,
});

export type TermClass = keyof TermYears;

/** Which term rule applies: student branches of schools, other branches, general branches, committees. */
export function termClassOf(o: { kind: OrgKind; category: OrgCategory | null; divisionCode: string | null }): TermClass {
  if (isBranch(o)) return o.category?.startsWith('school_') ? 'schoolBranch' : 'branch';
  if (o.kind === 'general_branch') return 'generalBranch';
  // Local committees of a county, city or province (a 6-digit division code) are elected by a congress.
  return o.divisionCode && /^\d{6}$/.test(o.divisionCode) ? 'localCommittee' : 'basicCommittee';
}

/**
 * The day a term of `years` begun on `heldOn` ends: the same calendar day, clipped to the month's
 * last day (an election on 29 February ends its term on 28 February of a common year).
 */
export function termEndOn(heldOn: string, years: number): string {
  return addMonths(heldOn, 12 * years);
}

/** Age bands as the reports name them, by birth year. */
export const ageBands = ['before80', '80s', '90s', '00s'] as const;
export type AgeBand = (typeof ageBands)[number];
export const ageBandLabels: Record<AgeBand, Messages> = {
  before80: { 'zh-CN': '80前', 'en-US': 'Born before 1980' },
  '80s': { 'zh-CN': '80后', 'en-US': 'Born in the 1980s' },
  '90s': { 'zh-CN': '90后', 'en-US': 'Born in the 1990s' },
  '00s': { 'zh-CN': '00后', 'en-US': 'Born 2000 or later' },
};

export type SizeWarning = { code: 'too_few' | 'general_branch' | 'committee' | 'committee_size'; message: Messages };

/**
 * Size rules (warnings, never blocks): 3+ members for a branch, 30+ suggests a general branch,
 * 100+ a basic committee; a branch of 7+ members needs a committee of 3–5.
 */
export function sizeWarnings(kind: OrgKind, members: number, committee: number): SizeWarning[] {
  const out: SizeWarning[] = [];
  if (isBranch({ kind })) {
    if (members > 0 && members < 3)
      out.push({
        code: 'too_few',
        message: { 'zh-CN': `团员 ${members} 名，不足 3 名，不宜单独建立团支部`, 'en-US': `${members} members: a branch needs at least 3` },
      });
    if (members >= 100)
      out.push({
        code: 'committee',
        message: { 'zh-CN': `团员 ${members} 名，达到 100 名，可建立团的基层委员会`, 'en-US': `${members} members: 100 or more may form a basic committee` },
      });
    else if (members >= 30)
      out.push({
        code: 'general_branch',
        message: { 'zh-CN': `团员 ${members} 名，达到 30 名，可建立团总支`, 'en-US': `${members} members: 30 or more may form a general branch` },
      });
    if (members >= 7 && (committee < 3 || committee > 5)) {
      out.push({
        code: 'committee_size',
        message: {
          'zh-CN': `团员 7 名以上的团支部应设支部委员会（3–5 人），现有 ${committee} 人`,
          'en-US': `a branch of 7+ members needs a committee of 3–5; it has ${committee}`,
        },
      });
    }
  } else if (kind === 'general_branch' && members >= 100) {
    out.push({
      code: 'committee',
      message: { 'zh-CN': `团员 ${members} 名，达到 100 名，可建立团的基层委员会`, 'en-US': `${members} members: 100 or more may form a basic committee` },
    });
  }
  return out;
}

import type { Messages } from '../errors.ts';

export const permissions = [
  'org.read',
  'org.write',
  'person.read',
  'person.write',
  'person.viewFull',
  'account.read',
  'account.manage',
  'audit.read',
  'metrics.read',
  'settings.write',
  'member.read',
  'member.write',
  /** approvals that belong to the level above (admission, transfers in, removals, ratings) */
  'member.approve',
  'orglife.write',
  'volunteer.read',
  'volunteer.write',
  /** approving hand-entered hours, certifying stars, issuing certificates */
  'volunteer.approve',
  /** youth services: 12355 cases, 青年之声, 微心愿, contact work, suggestions, proposals, pairings */
  'service.read',
  'service.write',
  /** supervising youth services: escalations, closing high-risk cases, reading every sealed note in the subtree */
  'service.supervise',
  'platform.admin',
] as const;
export type Permission = (typeof permissions)[number];

export const roles = ['platform_admin', 'committee_admin', 'cadre', 'branch_secretary', 'observer'] as const;
export type Role = (typeof roles)[number];

const all = permissions.filter((p) => p !== 'platform.admin');

/** Role → permissions, over the subtree of the org the role is granted on. */
export const rolePermissions: Record<Role, readonly Permission[]> = {
  platform_admin: permissions,
  committee_admin: all,
  cadre: [
    'org.read',
    'person.read',
    'person.write',
    'account.read',
    'metrics.read',
    'audit.read',
    'member.read',
    'member.write',
    'member.approve',
    'orglife.write',
    'volunteer.read',
    'volunteer.write',
    'volunteer.approve',
    'service.read',
    'service.write',
    'service.supervise',
  ],
  branch_secretary: [
    'org.read',
    'person.read',
    'person.write',
    'metrics.read',
    'member.read',
    'member.write',
    'orglife.write',
    'volunteer.read',
    'volunteer.write',
    'service.read',
    'service.write',
  ],
  observer: ['org.read', 'person.read', 'metrics.read', 'member.read', 'volunteer.read', 'service.read'],
};

export const roleLabels: Record<Role, Messages> = {
  platform_admin: { 'zh-CN': '平台管理员', 'en-US': 'Platform administrator' },
  committee_admin: { 'zh-CN': '团委管理员', 'en-US': 'Committee administrator' },
  cadre: { 'zh-CN': '团干部', 'en-US': 'Cadre' },
  branch_secretary: { 'zh-CN': '支部书记', 'en-US': 'Branch secretary' },
  observer: { 'zh-CN': '只读观察员', 'en-US': 'Read-only observer' },
};

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

import { fakerZH_CN as faker } from '@faker-js/faker';
import type { Db } from '../db/client.ts';
import { uuidv7 } from 'uuidv7';
import { accessGrant } from '../platform/access/access.schema.ts';
import type { Role } from '../platform/access/roles.ts';
import { createAccount } from '../modules/accounts/index.ts';
import type { OrgRow } from '../platform/org-tree/org-tree.ts';
import type { OrgCategory, OrgKind } from '../platform/org-tree/org-tree.schema.ts';
import { createRootOrg, insertOrg } from '../modules/orgs/index.ts';

// Must pass the password policy (platform/auth/password.ts): common passwords are refused.
export const password = 'Test-pass-2026';

export async function buildOrg(
  db: Db,
  parent: OrgRow,
  overrides: { name?: string; kind?: OrgKind; category?: OrgCategory | null; establishedOn?: string | null } = {},
) {
  return db.transaction((tx) =>
    insertOrg(tx, null, parent, {
      name: overrides.name ?? `${faker.location.city()}${faker.string.numeric(4)}团委`,
      kind: overrides.kind ?? 'committee',
      category: overrides.category ?? null,
      establishedOn: overrides.establishedOn ?? '2020-01-01',
    }),
  );
}

/** An account with a grant of `role` on `orgId`, and any further grants (e.g. on a second county). */
export async function buildAccount(
  db: Db,
  role: Role,
  orgId: number,
  username = `u${faker.string.alphanumeric(8).toLowerCase()}`,
  ...more: { role: Role; orgId: number }[]
) {
  const created = await createAccount(db, null, {
    username,
    displayName: faker.person.fullName(),
    orgId,
    password,
    role,
    grantOrgId: orgId,
    mustChangePassword: false,
  });
  for (const g of more) await db.insert(accessGrant).values({ id: uuidv7(), accountId: created.id, role: g.role, orgId: g.orgId });
  return username;
}

/**
 * A province with one city and two counties (A and B), each with a township and a branch,
 * and accounts of every role: what scope tests need.
 */
export async function buildWorld(db: Db) {
  const province = await db.transaction((tx) => createRootOrg(tx, { name: '共青团测试省委员会', kind: 'committee', divisionCode: '430000' }));
  const city = await buildOrg(db, province, { name: '共青团测试市委员会' });
  const countyA = await buildOrg(db, city, { name: '共青团甲县委员会' });
  const countyB = await buildOrg(db, city, { name: '共青团乙县委员会' });
  const townA = await buildOrg(db, countyA, { name: '甲镇团委', category: 'township' });
  const townB = await buildOrg(db, countyB, { name: '乙镇团委', category: 'township' });
  const branchA = await buildOrg(db, townA, { name: '甲村团支部', kind: 'branch', category: 'village' });
  const branchB = await buildOrg(db, townB, { name: '乙村团支部', kind: 'branch', category: 'village' });
  const users = {
    platform: await buildAccount(db, 'platform_admin', province.id, 'platform'),
    cityAdmin: await buildAccount(db, 'committee_admin', city.id, 'cityadmin'),
    adminA: await buildAccount(db, 'committee_admin', countyA.id, 'admina'),
    adminB: await buildAccount(db, 'committee_admin', countyB.id, 'adminb'),
    cadreA: await buildAccount(db, 'cadre', countyA.id, 'cadrea'),
    secretaryA: await buildAccount(db, 'branch_secretary', branchA.id, 'secretarya'),
    observerA: await buildAccount(db, 'observer', countyA.id, 'observera'),
  };
  return { province, city, countyA, countyB, townA, townB, branchA, branchB, users };
}

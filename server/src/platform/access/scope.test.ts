import { describe, expect, it } from 'vitest';
import { can, canApproveAbove, permissionsAt, scopeOf, subtrees, within } from './scope.ts';

const grants = [
  { id: 'g1', role: 'committee_admin' as const, orgId: 12, path: '1.12' },
  { id: 'g2', role: 'observer' as const, orgId: 13, path: '1.13' },
  { id: 'g3', role: 'cadre' as const, orgId: 120, path: '1.12.120' },
];

describe('subtree scope', () => {
  it('treats a path as within itself and its ancestors only', () => {
    expect(within('1.12.120', '1.12')).toBe(true);
    expect(within('1.12', '1.12')).toBe(true);
    // '1.120' starts with '1.12' as text but is a sibling, not a descendant
    expect(within('1.120', '1.12')).toBe(false);
  });

  it('collects roots per permission and drops nested ones', () => {
    expect(scopeOf({ grants }, 'org.read')).toEqual(['1.12', '1.13']);
    expect(scopeOf({ grants }, 'org.write')).toEqual(['1.12']);
    expect(scopeOf({ grants }, 'platform.admin')).toEqual([]);
  });

  it('answers permission checks by subtree', () => {
    expect(can({ grants }, 'org.write', '1.12.120.5')).toBe(true);
    expect(can({ grants }, 'org.write', '1.13.7')).toBe(false);
    expect(can({ grants }, 'org.read', '1.13.7')).toBe(true);
    expect([...permissionsAt({ grants }, '1.13')].sort()).toEqual(['member.read', 'metrics.read', 'org.read', 'person.read', 'service.read', 'volunteer.read']);
  });

  it('puts approvals with the committee above: member.approve on the parent, not on the branch', () => {
    const branchAdmin = [{ id: 'g4', role: 'committee_admin' as const, orgId: 120, path: '1.12.120' }];
    expect(canApproveAbove({ grants }, '1.12.120')).toBe(true);
    expect(canApproveAbove({ grants: branchAdmin }, '1.12.120')).toBe(false);
    expect(canApproveAbove({ grants: branchAdmin }, '1.12.120.7')).toBe(true);
    // the observer's subtree gives no approvals, and a root has no level above
    expect(canApproveAbove({ grants }, '1.13.7')).toBe(false);
    expect(canApproveAbove({ grants: [{ id: 'g5', role: 'platform_admin' as const, orgId: 1, path: '1' }] }, '1')).toBe(false);
  });

  it('folds nested roots of a scope and tests paths against the union', () => {
    const s = subtrees(['1.12', '1.12.120', '1.13']);
    expect(s.roots).toEqual(['1.12', '1.13']);
    expect(s.contains('1.13.5')).toBe(true);
    expect(s.contains('1.14')).toBe(false);
  });
});

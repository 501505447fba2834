import type { Lang, Messages } from '../errors.ts';
import type { OrgCategory, OrgKind, OrgStatus } from './org-tree.schema.ts';

export const kindLabels: Record<OrgKind, Messages> = {
  committee: { 'zh-CN': '团委', 'en-US': 'Committee' },
  working_committee: { 'zh-CN': '团工委', 'en-US': 'Working committee' },
  general_branch: { 'zh-CN': '团总支', 'en-US': 'General branch' },
  branch: { 'zh-CN': '团支部', 'en-US': 'Branch' },
  temp_branch: { 'zh-CN': '临时团支部', 'en-US': 'Temporary branch' },
};

export const categoryLabels: Record<OrgCategory, Messages> = {
  school_higher: { 'zh-CN': '高校', 'en-US': 'University' },
  school_vocational: { 'zh-CN': '中职', 'en-US': 'Vocational school' },
  school_middle: { 'zh-CN': '中学', 'en-US': 'Middle school' },
  enterprise_state: { 'zh-CN': '国有企业', 'en-US': 'State enterprise' },
  enterprise_private: { 'zh-CN': '非公企业', 'en-US': 'Private enterprise' },
  township: { 'zh-CN': '乡镇', 'en-US': 'Township' },
  village: { 'zh-CN': '村', 'en-US': 'Village' },
  street: { 'zh-CN': '街道', 'en-US': 'Street' },
  community: { 'zh-CN': '社区', 'en-US': 'Community' },
  government: { 'zh-CN': '机关事业单位', 'en-US': 'Government body' },
  social: { 'zh-CN': '社会组织', 'en-US': 'Social organization' },
  other: { 'zh-CN': '其他', 'en-US': 'Other' },
};

export const statusLabels: Record<OrgStatus, Messages> = {
  active: { 'zh-CN': '正常', 'en-US': 'Active' },
  closed: { 'zh-CN': '已撤销', 'en-US': 'Closed' },
  merged: { 'zh-CN': '已合并', 'en-US': 'Merged' },
};

export function labelOf<K extends string>(labels: Record<K, Messages>, value: K | null, lang: Lang): string | null {
  return value ? labels[value][lang] : null;
}

/** Finds a value from either its code or its label in either language (Excel cells hold labels). */
export function valueFromLabel<K extends string>(labels: Record<K, Messages>, text: string): K | null {
  const t = text.trim();
  for (const [k, m] of Object.entries(labels) as [K, Messages][]) {
    if (k === t || m['zh-CN'] === t || m['en-US'].toLowerCase() === t.toLowerCase()) return k;
  }
  return null;
}

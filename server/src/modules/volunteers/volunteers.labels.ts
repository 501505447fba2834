import type { Messages } from '../../platform/errors.ts';
import type { TeamKind } from './volunteer-groups.schema.ts';

export const teamKindLabels: Record<TeamKind, Messages> = {
  association: { 'zh-CN': '志愿者协会', 'en-US': 'Volunteer association' },
  commando: { 'zh-CN': '青年突击队', 'en-US': 'Youth commando team' },
  professional: { 'zh-CN': '专业志愿服务队', 'en-US': 'Professional team' },
  community: { 'zh-CN': '社区志愿服务队', 'en-US': 'Community team' },
  school: { 'zh-CN': '学校志愿服务队', 'en-US': 'School team' },
  enterprise: { 'zh-CN': '企业志愿服务队', 'en-US': 'Enterprise team' },
  other: { 'zh-CN': '其他', 'en-US': 'Other' },
};

/** Themes of projects people pick from; any other text is allowed too. */
export const projectThemes = ['河小青', '文明劝导', '赛会服务', '关爱留守儿童', '助老助残', '应急救援', '环境保护', '社区治理'];

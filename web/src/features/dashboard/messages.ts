import { defineMessages } from '../../app/i18n';

// Texts of the dashboard; app-wide ones (common.*, menu.*) stay in app/messages.ts.
const zh = {
  title: '工作台',
  byKind: '组织按类型分布',
  byCategory: '组织按单位类别分布',
  createdByCategory: '期间新建组织（按单位类别）',
  rows: '明细：{label}',
  chartHint: '点击图形查看明细',
  noOrg: '请先在顶部选择组织范围',
};

const en: typeof zh = {
  title: 'Dashboard',
  byKind: 'Organizations by kind',
  byCategory: 'Organizations by category',
  createdByCategory: 'Organizations created in period (by category)',
  rows: 'Rows: {label}',
  chartHint: 'Click a bar or slice to see its rows',
  noOrg: 'Pick an org scope at the top first',
};

export const useDashText = defineMessages(zh, en);
export type DashKey = keyof typeof zh;

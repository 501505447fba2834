import { defineMessages } from '../../app/i18n';

// Texts of the audit log page; app-wide ones (common.*, menu.*) stay in app/messages.ts.
const zh = {
  title: '审计日志',
  at: '时间',
  actor: '操作人',
  action: '动作',
  entity: '对象',
  entityId: '对象 ID',
  ip: 'IP',
  requestId: '请求 ID',
  range: '时间范围',
  before: '变更前',
  after: '变更后',
};

const en: typeof zh = {
  title: 'Audit log',
  at: 'Time',
  actor: 'Actor',
  action: 'Action',
  entity: 'Entity',
  entityId: 'Entity ID',
  ip: 'IP',
  requestId: 'Request ID',
  range: 'Date range',
  before: 'Before',
  after: 'After',
};

export const useAuditText = defineMessages(zh, en);

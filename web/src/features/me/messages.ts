import { defineMessages } from '../../app/i18n';

// Texts of personal settings (password, sessions); app-wide ones (common.*, menu.*) stay in app/messages.ts.
const zh = {
  title: '个人设置',
  password: '修改密码',
  currentPassword: '当前密码',
  newPassword: '新密码',
  confirmPassword: '确认新密码',
  mismatch: '两次输入的密码不一致',
  policy: '至少 8 位，含字母和数字；不能用常见密码（如 password1、Passw0rd、12345678a）或含用户名',
  changed: '密码已修改',
  sessions: '我的登录会话',
  createdAt: '登录时间',
  lastSeenAt: '最近活动',
  userAgent: '浏览器',
  current: '当前会话',
  revoke: '注销会话',
  revokeConfirm: '确定注销该会话吗？',
  ip: 'IP',
};

const en: typeof zh = {
  title: 'My account',
  password: 'Change password',
  currentPassword: 'Current password',
  newPassword: 'New password',
  confirmPassword: 'Confirm new password',
  mismatch: 'The passwords do not match',
  policy: 'At least 8 characters with letters and digits; not a common password (like password1, Passw0rd, 12345678a) nor built from the username',
  changed: 'Password changed',
  sessions: 'My sessions',
  createdAt: 'Signed in',
  lastSeenAt: 'Last seen',
  userAgent: 'Browser',
  current: 'This session',
  revoke: 'Revoke session',
  revokeConfirm: 'Revoke this session?',
  ip: 'IP',
};

export const useMeText = defineMessages(zh, en);

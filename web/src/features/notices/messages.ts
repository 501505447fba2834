import { defineMessages } from '../../app/i18n';

// Texts of the message centre.
const zh = {
  title: '消息中心',
  bell: '消息',
  unreadOnly: '只看未读',
  readAll: '全部标为已读',
  markRead: '标为已读',
  open: '查看',
  empty: '暂无消息',
  unread: '未读',
  read: '已读',
  time: '时间',
  subject: '内容',
  state: '状态',
  allRead: '已全部标为已读',
};

const en: typeof zh = {
  title: 'Messages',
  bell: 'Messages',
  unreadOnly: 'Unread only',
  readAll: 'Mark all read',
  markRead: 'Mark read',
  open: 'Open',
  empty: 'No messages',
  unread: 'Unread',
  read: 'Read',
  time: 'Time',
  subject: 'Message',
  state: 'State',
  allRead: 'All messages marked read',
};

export const useNoticesText = defineMessages(zh, en);

import { defineMessages } from '../../app/i18n';

// Texts of the sign-in page beyond the app-wide login.* ones (app/messages.ts).
const zh = {
  wait: '密码错误次数过多，请 {seconds} 秒后再试',
  waitButton: '请 {seconds} 秒后再试',
};

const en: typeof zh = {
  wait: 'Too many wrong passwords; try again in {seconds} s',
  waitButton: 'Try again in {seconds} s',
};

export const useLoginText = defineMessages(zh, en);

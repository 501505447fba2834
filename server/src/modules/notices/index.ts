// The message centre: each account's messages (assigned, escalated, SLA about to breach).
// Other modules call `notify` inside the transaction of the change it tells about.
import { defineModule } from '../../platform/module.ts';
import { noticesRoutes } from './notices.routes.ts';

export { notify, type NoticeInput } from './notices.service.ts';

export const noticesModule = defineModule({
  name: 'notices',
  label: { 'zh-CN': '消息', 'en-US': 'Messages' },
  routes: [noticesRoutes],
  labels: { notice: { 'zh-CN': '消息', 'en-US': 'Message' } },
});

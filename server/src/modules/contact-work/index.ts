// The contact-work module's public face: its definition ("1+100" contact books and logs, 下沉走访,
// 调研报告, 意见建议, 议案提案, 手拉手 结对), and what the demo uses.
import { ownedBy } from '../../platform/access/entities.ts';
import { defineModule } from '../../platform/module.ts';
import { contactWorkErrors, contactWorkLabels } from './contact-work.errors.ts';
import { followUpsDaily } from './contact-work.jobs.ts';
import { contactWorkMetrics } from './contact-work.metrics.ts';
import { cwContact, cwFile, cwPairing, cwProposal, cwReport, cwSuggestion, cwVisit } from './contact-work.schema.ts';
import { contactsRoutes } from './contacts.routes.ts';
import { recordsRoutes } from './records.routes.ts';
import { suggestionsRoutes } from './suggestions.routes.ts';
export { seedDemoContactWork } from './contact-work.seed.ts';

export const contactWorkModule = defineModule({
  name: 'contact-work',
  label: { 'zh-CN': '联系青年', 'en-US': 'Contact work' },
  routes: [contactsRoutes, suggestionsRoutes, recordsRoutes],
  metrics: contactWorkMetrics,
  jobs: [followUpsDaily],
  entities: {
    cwContact: ownedBy(cwContact),
    cwVisit: ownedBy(cwVisit),
    cwReport: ownedBy(cwReport),
    cwFile: ownedBy(cwFile),
    cwSuggestion: ownedBy(cwSuggestion),
    cwProposal: ownedBy(cwProposal),
    cwPairing: ownedBy(cwPairing),
  },
  labels: contactWorkLabels,
  uniqueFields: {
    cw_contact_cadre_phone_uq: 'phone',
    cw_contact_cadre_name_uq: 'name',
    cw_contact_log_request_uq: 'requestId',
    cw_suggestion_request_uq: 'requestId',
  },
  permissions: ['service.read', 'service.write'],
  menu: [
    { path: '/contact-work', label: { 'zh-CN': '联系青年', 'en-US': 'Contact work' }, permission: 'service.read' },
    { path: '/contact-work/suggestions', label: { 'zh-CN': '意见建议', 'en-US': 'Suggestions' }, permission: 'service.read' },
  ],
  errors: contactWorkErrors,
});

// Every module of the platform, listed once: app.ts registers their routes and installs their
// figures, jobs, entities and labels from this list. Adding a module is one line here.
import { accountsModule } from './modules/accounts/index.ts';
import { cadresModule } from './modules/cadres/index.ts';
import { contactWorkModule } from './modules/contact-work/index.ts';
import { hotlineModule } from './modules/hotline/index.ts';
import { memberLifeModule } from './modules/member-life/index.ts';
import { noticesModule } from './modules/notices/index.ts';
import { membersModule } from './modules/members/index.ts';
import { orgLifeModule } from './modules/org-life/index.ts';
import { orgsModule } from './modules/orgs/index.ts';
import { peopleModule } from './modules/people/index.ts';
import { studyModule } from './modules/study/index.ts';
import { volunteerHoursModule } from './modules/volunteer-hours/index.ts';
import { volunteersModule } from './modules/volunteers/index.ts';
import { youthVoiceModule } from './modules/youth-voice/index.ts';
import type { ModuleDefinition } from './platform/module.ts';

export const modules: readonly ModuleDefinition[] = [
  orgsModule,
  peopleModule,
  accountsModule,
  noticesModule,
  membersModule,
  memberLifeModule,
  cadresModule,
  orgLifeModule,
  volunteersModule,
  volunteerHoursModule,
  studyModule,
  youthVoiceModule,
  contactWorkModule,
  hotlineModule,
];

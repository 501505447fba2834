// The cadres module's field labels and error codes, in one place: the console and tests branch
// on `cadres.<code>`, never on the prose.
import { defineErrors, type Messages } from '../../platform/errors.ts';

/** Fields of cadres and elections as users see them (the kernel's shared ones are not repeated). */
export const cadresLabels: Record<string, Messages> = {
  post: { 'zh-CN': '职务', 'en-US': 'Post' },
  kind: { 'zh-CN': '类别', 'en-US': 'Kind' },
  status: { 'zh-CN': '状态', 'en-US': 'Status' },
  termStart: { 'zh-CN': '任职开始', 'en-US': 'Term start' },
  termEnd: { 'zh-CN': '任职结束', 'en-US': 'Term end' },
  endedOn: { 'zh-CN': '离任日期', 'en-US': 'Ended on' },
  heldOn: { 'zh-CN': '日期', 'en-US': 'Date' },
  termYears: { 'zh-CN': '任期（年）', 'en-US': 'Term (years)' },
  committee: { 'zh-CN': '新一届委员会', 'en-US': 'New committee' },
};

export const cadresErrors = defineErrors('cadres', cadresLabels, {
  person_archived: { 'zh-CN': '该人员档案已归档', 'en-US': 'this person record is archived' },
  secretary_taken: { 'zh-CN': '该组织已有在任书记，请先办理原书记离任', 'en-US': 'the org already has an active secretary; end that post first' },
  post_ended: { 'zh-CN': '该任职已结束，不能修改', 'en-US': 'this post has ended and cannot be changed' },
  one_secretary: { 'zh-CN': '新一届委员会须有且只有一名书记', 'en-US': 'the new committee needs exactly one secretary' },
  /** `allowed`: the term lengths of the org's rule, joined in each language */
  term_years_not_allowed: { 'zh-CN': '该组织每届任期应为 {allowed} 年', 'en-US': 'this org’s term must be {allowed} years' },
  not_after_last_election: { 'zh-CN': '须晚于上一次换届（{last}）', 'en-US': 'must be after the previous election ({last})' },
});

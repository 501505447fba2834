// The orgs module's field labels and error codes, in one place: the console and tests branch on
// `orgs.<code>`, never on the prose. 组织的字段名与错误码。
import { defineErrors, type Messages } from '../../platform/errors.ts';

/** Fields of an org as users see them (the kernel's shared ones — name, parentId … — are not repeated). */
export const orgsLabels: Record<string, Messages> = {
  shortName: { 'zh-CN': '简称', 'en-US': 'Short name' },
  kind: { 'zh-CN': '组织类型', 'en-US': 'Kind' },
  category: { 'zh-CN': '组织类别', 'en-US': 'Category' },
  divisionCode: { 'zh-CN': '行政区划代码', 'en-US': 'Division code' },
  establishedOn: { 'zh-CN': '建立日期', 'en-US': 'Established on' },
  intoId: { 'zh-CN': '合并到', 'en-US': 'Merge into' },
  status: { 'zh-CN': '状态', 'en-US': 'Status' },
  id: { 'zh-CN': '组织', 'en-US': 'Organization' },
  key: { 'zh-CN': '序号', 'en-US': 'Row key' },
  parentKey: { 'zh-CN': '上级序号', 'en-US': 'Parent row key' },
};

export const orgsErrors = defineErrors('orgs', orgsLabels, {
  parent_is_branch: { 'zh-CN': '团支部下不能再设组织', 'en-US': 'a branch cannot have sub-organizations' },
  not_active: { 'zh-CN': '已撤销或合并的组织不能修改', 'en-US': 'a closed or merged org cannot be changed' },
  has_children: { 'zh-CN': '该组织下还有下级组织，不能改为团支部', 'en-US': 'an org with sub-organizations cannot become a branch' },
  active_children: { 'zh-CN': '请先撤销、合并或转移其下级组织', 'en-US': 'close, merge or move its sub-organizations first' },
  root_fixed: { 'zh-CN': '根组织不能移动、撤销或合并', 'en-US': 'the root org cannot be moved, closed or merged' },
  into_own_subtree: {
    'zh-CN': '不能移到或合并到它自己或它的下级组织之下',
    'en-US': 'an org cannot be moved or merged under itself or its own descendant',
  },
  children_into_branch: { 'zh-CN': '有下级组织的组织不能合并到团支部', 'en-US': 'an org with sub-organizations cannot merge into a branch' },
});

import { TAG_COLORS } from '../../components/tag-colors';

// Suggestions for tag fields; people may type others.
export const SKILLS = ['急救', '心理咨询', '外语', '摄影', '驾驶', '法律咨询', '支教', '医疗护理', '信息技术', '文艺'];
export const AREAS = ['社区服务', '河道巡护', '文明劝导', '关爱留守儿童', '助老助残', '应急救援', '环境保护', '赛会服务'];
export const COLORS = TAG_COLORS;
export const SIGNUP_COLORS: Record<string, string | undefined> = {
  confirmed: COLORS.green,
  pending: COLORS.gold,
  waitlisted: COLORS.blue,
  offered: COLORS.purple,
  cancelled: undefined,
  rejected: COLORS.red,
  no_show: COLORS.volcano,
};

// Field checks shared by the module's services: each refusal names its field in both languages.
import { isDate } from '../../platform/dates.ts';
import { isPlainLabel } from '../../platform/validation.ts';
import { contactWorkErrors } from './contact-work.errors.ts';

/** A one-line label (name, title, topic …): trimmed, min–max characters, no angle brackets. */
export function label(field: string, value: string | undefined | null, min: number, max: number): string {
  const v = (value ?? '').trim().replace(/\s+/g, ' ');
  if (v.length < min || v.length > max || !isPlainLabel(v)) {
    throw contactWorkErrors.invalid(field, {
      'zh-CN': `须为 ${min}–${max} 个字，且不含尖括号`,
      'en-US': `must be ${min}–${max} characters, no angle brackets`,
    });
  }
  return v;
}

/** A free text (note, content, answer): trimmed, at most `max` characters; empty → null unless required. */
export function text(field: string, value: string | undefined | null, max: number, required = false): string | null {
  const v = (value ?? '').trim();
  if (!v) {
    if (required) throw contactWorkErrors.invalid(field, { 'zh-CN': '不能为空', 'en-US': 'is required' });
    return null;
  }
  if (v.length > max) throw contactWorkErrors.invalid(field, { 'zh-CN': `不超过 ${max} 字`, 'en-US': `at most ${max} characters` });
  return v;
}

/** A business date: a real day, not in the future, not before 2000. */
export function pastDate(field: string, value: string | undefined | null, today: string): string {
  if (!isDate(value)) throw contactWorkErrors.invalid(field, { 'zh-CN': '日期格式应为 YYYY-MM-DD', 'en-US': 'must be a date YYYY-MM-DD' });
  if (value > today) throw contactWorkErrors.invalid(field, { 'zh-CN': '不能晚于今天', 'en-US': 'cannot be in the future' });
  if (value < '2000-01-01') throw contactWorkErrors.invalid(field, { 'zh-CN': '不能早于 2000 年', 'en-US': 'cannot be before 2000' });
  return value;
}

/** An 11-digit mainland mobile number, spaces and dashes dropped; empty → null. */
export function mobile(value: string | undefined | null): string | null {
  const v = (value ?? '').replace(/[\s-]/g, '');
  if (!v) return null;
  if (!/^1[3-9]\d{9}$/.test(v)) throw contactWorkErrors.invalid('phone', { 'zh-CN': '应为 11 位手机号', 'en-US': 'must be an 11-digit mobile number' });
  return v;
}

export function oneOf<T extends string>(field: string, value: string | undefined | null, allowed: readonly T[]): T {
  if (!value || !(allowed as readonly string[]).includes(value)) {
    throw contactWorkErrors.invalid(field, { 'zh-CN': `须为以下之一：${allowed.join('、')}`, 'en-US': `must be one of ${allowed.join(', ')}` });
  }
  return value as T;
}

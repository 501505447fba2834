import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { errors } from '../errors.ts';

// argon2id with the library's defaults (19 MiB, t=2): OWASP's minimum recommendation.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function verifyPassword(stored: string, password: string): Promise<boolean> {
  return verify(stored, password).catch(() => false);
}

/**
 * Passwords that top the lists leaked from Chinese sites (the common list zxcvbn ships is mostly
 * western): refused whole, and their pieces count as cheap guesses inside longer ones.
 */
const commonInChina = [
  'woaini1314',
  'woaini520',
  'woaini521',
  'woaini123',
  'woaini',
  'aini1314',
  'iloveyou1314',
  '5201314',
  '1314520',
  'a5201314',
  '5845201314',
  'wodemima',
  'mima123456',
  'dearbook',
  'xiazhili',
  'qq123456',
  'qq5201314',
  'abc123456',
  'a123456789',
  'a12345678',
  'aa123456',
  '123456abc',
  '123456aa',
  '123456789a',
  'qwe123456',
  'qwe123',
  'zxc123456',
  'asd123456',
  'wang123456',
  'zhang123456',
  'li123456',
  'liu123456',
  'chen123456',
  'admin888',
  'admin123456',
  'zhongguo',
  'beijing',
  'shanghai',
  'huawei',
  'baidu',
  'tencent',
  'taobao',
];

// Built on first use (the dictionaries take ~100 ms to rank).
let estimator: ZxcvbnFactory | null = null;
function strength(password: string, userInputs: string[]) {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...dictionary, commonInChina },
    graphs: adjacencyGraphs,
    // Long passwords are judged by their first 64 characters: the estimate grows costly past that.
    maxLength: 64,
  });
  return estimator.check(password, userInputs);
}

/** zxcvbn's score: 3 means about 10^8 guesses, out of reach of an online attacker and costly offline. */
export const minPasswordScore = 3;

/**
 * Every password an account is given (created, reset, changed, signed up) passes here: at least 8
 * characters with letters and digits, and not guessable — refused when it is a common password, a
 * variant of one (Passw0rd, password1, 12345678a), a keyboard walk, or built from the username.
 */
export function checkPasswordStrength(password: string, field = 'password', userInputs: (string | null | undefined)[] = []): void {
  if (password.length < 8 || !/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    throw errors.invalid(field, {
      'zh-CN': '密码至少 8 位，且须同时包含字母和数字',
      'en-US': 'at least 8 characters with both letters and digits',
    });
  }
  const inputs = userInputs.flatMap((s) => (s?.trim() ? [s.trim().toLowerCase()] : []));
  if (strength(password, inputs).score < minPasswordScore) {
    throw errors.invalid(field, {
      'zh-CN': '密码过于常见或容易被猜到（如 password1、Passw0rd、12345678a，或含用户名），请换一个更长、更不规则的密码',
      'en-US': 'too common or easy to guess (like password1, Passw0rd, 12345678a, or built from the username); choose a longer, less predictable one',
    });
  }
}

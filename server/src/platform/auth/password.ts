import { hash, verify } from '@node-rs/argon2';
import { errors } from '../errors.ts';

// argon2id with the library's defaults (19 MiB, t=2): OWASP's minimum recommendation.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function verifyPassword(stored: string, password: string): Promise<boolean> {
  return verify(stored, password).catch(() => false);
}

export function checkPasswordStrength(password: string, field = 'password'): void {
  if (password.length < 8 || !/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    throw errors.invalid(field, {
      'zh-CN': '密码至少 8 位，且须同时包含字母和数字',
      'en-US': 'at least 8 characters with both letters and digits',
    });
  }
}

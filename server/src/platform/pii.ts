import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

// Personal data (ID numbers, phones): AES-256-GCM at rest, a keyed hash to find rows by value,
// and a masked form for display. Keys are derived from the one configured data key.
export type Pii = {
  encrypt: (plain: string) => string;
  decrypt: (stored: string) => string;
  hash: (kind: 'id' | 'phone', value: string) => string;
};

export function createPii(dataKey: Buffer): Pii {
  const encKey = Buffer.from(hkdfSync('sha256', dataKey, 'tuanwu', 'pii-encryption', 32));
  const macKey = Buffer.from(hkdfSync('sha256', dataKey, 'tuanwu', 'pii-lookup', 32));
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    decrypt(stored) {
      const raw = Buffer.from(stored.slice(3), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
    hash(kind, value) {
      return createHmac('sha256', macKey).update(`${kind}:${value.trim().toUpperCase()}`).digest('base64url');
    },
  };
}

/** 430102199001011234 → 4301**********1234 */
export function maskIdNumber(id: string): string {
  return id.length <= 8 ? '*'.repeat(id.length) : `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string): string {
  return phone.length < 7 ? '*'.repeat(phone.length) : `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

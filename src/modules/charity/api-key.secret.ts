import crypto from 'node:crypto';

/**
 * API keys look like `hzk_<8 hex>_<43 base64url>`: the first part is the visible prefix (stored
 * in clear, unique, used to find the key), the whole key is 256 bits of entropy whose SHA-256
 * is stored. A high-entropy secret needs no slow hash; comparing digests is constant-time.
 */
const KEY_PATTERN = /^(hzk_[0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export function isApiKey(token: string): boolean {
  return token.startsWith('hzk_');
}

export function newApiKey(): { prefix: string; secret: string; hash: Buffer } {
  const prefix = `hzk_${crypto.randomBytes(4).toString('hex')}`;
  const secret = `${prefix}_${crypto.randomBytes(32).toString('base64url')}`;
  return { prefix, secret, hash: hashApiKey(secret) };
}

export function hashApiKey(secret: string): Buffer {
  return crypto.createHash('sha256').update(secret).digest();
}

/** The prefix of a well-formed key, or undefined. */
export function prefixOf(secret: string): string | undefined {
  return KEY_PATTERN.exec(secret)?.[1];
}

export function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

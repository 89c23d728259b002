import crypto from 'node:crypto';

/** JSON with every object's keys sorted, so equal values print equal (jsonb and clients reorder keys). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** sha256 of the canonical JSON: the one digest of "the same input" (idempotency keys, match runs). */
export function digestOf(value: unknown): string {
  return crypto.createHash('sha256').update(canonicalJson(value)).digest('hex');
}

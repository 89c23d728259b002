import crypto from 'node:crypto';

/**
 * RFC 9162 §2.1.3.2 (verifying an inclusion proof), written here from the RFC's text, step by
 * step, so that tests check the server's proofs with a verifier that is not the server's own.
 */
const h = (...parts: Buffer[]) => crypto.createHash('sha256').update(Buffer.concat(parts)).digest();
export const hashNode = (l: Buffer, r: Buffer) => h(Buffer.from([1]), l, r);
export const hashLeaf = (entry: Buffer) => h(Buffer.from([0]), entry);

/** §2.1.3.2, step by step. */
export function rfcVerifyInclusion(leaf: Buffer, index: number, size: number, path: Buffer[], root: Buffer): boolean {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if ((fn & 1) === 1 || fn === sn) {
      r = hashNode(p, r);
      if ((fn & 1) === 0) {
        do {
          fn >>= 1;
          sn >>= 1;
        } while ((fn & 1) === 0 && fn !== 0);
      }
    } else {
      r = hashNode(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && r.equals(root);
}

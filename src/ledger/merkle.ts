import crypto from 'node:crypto';

/**
 * The Merkle tree of a verifiable log, as RFC 9162 (Certificate Transparency 2.0) §2.1 defines
 * it: leaves hashed as SHA-256(0x00 ‖ entry), interior nodes as SHA-256(0x01 ‖ left ‖ right), a
 * tree of n leaves split at the largest power of two below n. Audit paths (inclusion proofs) and
 * consistency proofs between two sizes follow §2.1.3 and §2.1.4, so that any verifier written
 * from the RFC checks them. Pure: plain bytes in, plain bytes out (issue #17, the time bank).
 */
export type Hash = Buffer;

const sha256 = (...parts: Buffer[]) => {
  const hash = crypto.createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

export const leafHash = (entry: Buffer): Hash => sha256(LEAF, entry);
export const nodeHash = (left: Hash, right: Hash): Hash => sha256(NODE, left, right);
/** The hash of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT: Hash = sha256();

/** The largest power of two strictly below n (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * A tree over leaf hashes, built level by level: level 0 the leaves, level j the hashes of the
 * aligned blocks of 2^j leaves (an unpaired last node is carried up, and never read as a block).
 * Any subtree a root or proof needs is a whole block read from the levels, or split by the RFC's
 * rule into blocks: O(log n) hashes per proof once the levels are built.
 */
export class MerkleTree {
  private readonly levels: Hash[][];

  constructor(leaves: readonly Hash[]) {
    this.levels = [leaves.slice()];
    while (this.levels[this.levels.length - 1].length > 1) {
      const below = this.levels[this.levels.length - 1];
      const above: Hash[] = [];
      for (let i = 0; i < below.length; i += 2)
        above.push(i + 1 < below.length ? nodeHash(below[i], below[i + 1]) : below[i]);
      this.levels.push(above);
    }
  }

  get size(): number {
    return this.levels[0].length;
  }

  /** The hash of leaf `index`. */
  leaf(index: number): Hash {
    return this.levels[0][index];
  }

  /** The root of the first `size` leaves (default: all). */
  root(size = this.size): Hash {
    if (size < 0 || size > this.size) throw new RangeError(`no tree of size ${size} here`);
    return size === 0 ? EMPTY_ROOT : this.subtree(0, size);
  }

  /** MTH(D[start : start + count]). */
  private subtree(start: number, count: number): Hash {
    // A whole node: count a power of two and start aligned to it.
    if ((count & (count - 1)) === 0 && start % count === 0) {
      const level = Math.log2(count);
      return this.levels[level][start / count];
    }
    const k = split(count);
    return nodeHash(this.subtree(start, k), this.subtree(start + k, count - k));
  }

  /** PATH(m, D[0 : size]) of RFC 9162 §2.1.3.1: the audit path of leaf `index` in the tree of `size` leaves. */
  inclusionProof(index: number, size = this.size): Hash[] {
    if (size > this.size || index < 0 || index >= size)
      throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
    const path: Hash[] = [];
    const walk = (m: number, start: number, count: number) => {
      if (count <= 1) return;
      const k = split(count);
      if (m < k) {
        walk(m, start, k);
        path.push(this.subtree(start + k, count - k));
      } else {
        walk(m - k, start + k, count - k);
        path.push(this.subtree(start, k));
      }
    };
    walk(index, 0, size);
    return path;
  }

  /** PROOF(m, D[0 : n]) of RFC 9162 §2.1.4.1: that the tree of `from` leaves is a prefix of the tree of `to`. */
  consistencyProof(from: number, to = this.size): Hash[] {
    if (from < 0 || from > to || to > this.size) throw new RangeError(`no consistency from ${from} to ${to}`);
    if (from === 0 || from === to) return [];
    const proof: Hash[] = [];
    const sub = (m: number, start: number, count: number, whole: boolean) => {
      if (m === count) {
        if (!whole) proof.push(this.subtree(start, count));
        return;
      }
      const k = split(count);
      if (m <= k) {
        sub(m, start, k, whole);
        proof.push(this.subtree(start + k, count - k));
      } else {
        sub(m - k, start + k, count - k, false);
        proof.push(this.subtree(start, k));
      }
    };
    sub(from, 0, to, true);
    return proof;
  }
}

/** Verifies an audit path (RFC 9162 §2.1.3.2). */
export function verifyInclusion(leaf: Hash, index: number, size: number, path: readonly Hash[], root: Hash): boolean {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn >> 1, sn >> 1];
    } else r = nodeHash(r, p);
    [fn, sn] = [fn >> 1, sn >> 1];
  }
  return sn === 0 && r.equals(root);
}

/** Verifies a consistency proof (RFC 9162 §2.1.4.2). */
export function verifyConsistency(
  from: number,
  to: number,
  fromRoot: Hash,
  toRoot: Hash,
  proof: readonly Hash[],
): boolean {
  if (from > to) return false;
  if (from === to) return proof.length === 0 && fromRoot.equals(toRoot);
  if (from === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const path = [...proof];
  if ((from & (from - 1)) === 0) path.unshift(fromRoot);
  if (path.length === 0) return false;
  let fn = from - 1;
  let sn = to - 1;
  while (fn % 2 === 1) [fn, sn] = [fn >> 1, sn >> 1];
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn >> 1, sn >> 1];
    } else sr = nodeHash(sr, c);
    [fn, sn] = [fn >> 1, sn >> 1];
  }
  return sn === 0 && fr.equals(fromRoot) && sr.equals(toRoot);
}

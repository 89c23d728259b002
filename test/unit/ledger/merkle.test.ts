import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EMPTY_ROOT, leafHash, MerkleTree, verifyConsistency, verifyInclusion } from '../../../src/ledger/merkle.ts';
import { rfcVerifyInclusion } from '../../support/rfc9162.ts';

/**
 * The log's Merkle tree against RFC 9162 §2.1, checked by a verifier written here from the RFC's
 * text (not the module's own), by the RFC's recursive definition of the root, and by the
 * Certificate Transparency test vectors.
 */
const h = (...parts: Buffer[]) => crypto.createHash('sha256').update(Buffer.concat(parts)).digest();
const hashNode = (l: Buffer, r: Buffer) => h(Buffer.from([1]), l, r);

/** MTH(D[n]) as RFC 9162 §2.1.1 writes it. */
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return h();
  if (leaves.length === 1) return h(Buffer.from([0]), leaves[0]);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return hashNode(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

/** §2.1.4.2, step by step. */
function rfcVerifyConsistency(first: number, second: number, firstHash: Buffer, secondHash: Buffer, proof: Buffer[]) {
  if (first === second) return proof.length === 0 && firstHash.equals(secondHash);
  if (proof.length === 0) return false;
  const path = (first & (first - 1)) === 0 ? [firstHash, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while ((fn & 1) === 1) {
    fn >>= 1;
    sn >>= 1;
  }
  let fr = path[0];
  let sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if ((fn & 1) === 1 || fn === sn) {
      fr = hashNode(c, fr);
      sr = hashNode(c, sr);
      if ((fn & 1) === 0) {
        do {
          fn >>= 1;
          sn >>= 1;
        } while ((fn & 1) === 0 && fn !== 0);
      }
    } else {
      sr = hashNode(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && fr.equals(firstHash) && sr.equals(secondHash);
}

const entries = Array.from({ length: 70 }, (_, i) => Buffer.from(`entry ${i}`));
const tree = new MerkleTree(entries.map(leafHash));

describe('the Merkle tree (RFC 9162)', () => {
  it('gives the Certificate Transparency test vectors', () => {
    const vectors = [
      '',
      '00',
      '10',
      '2021',
      '3031',
      '40414243',
      '5051525354555657',
      '606162636465666768696a6b6c6d6e6f',
    ];
    const roots = [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
      'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
      '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
      'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    ];
    const ct = new MerkleTree(vectors.map((hex) => leafHash(Buffer.from(hex, 'hex'))));
    expect(roots.map((_, i) => ct.root(i + 1).toString('hex'))).toEqual(roots);
    expect(ct.root(0)).toEqual(EMPTY_ROOT);
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('has the root the recursive definition gives, at every size', () => {
    for (let n = 0; n <= entries.length; n += 1) expect(tree.root(n).equals(mth(entries.slice(0, n)))).toBe(true);
  });

  it('gives audit paths the RFC verifier accepts, and only for the right leaf, place and root', () => {
    for (let n = 1; n <= 40; n += 1)
      for (let m = 0; m < n; m += 1) {
        const path = tree.inclusionProof(m, n);
        const leaf = leafHash(entries[m]);
        expect(rfcVerifyInclusion(leaf, m, n, path, tree.root(n)), `${m} of ${n}`).toBe(true);
        expect(verifyInclusion(leaf, m, n, path, tree.root(n))).toBe(true);
        expect(rfcVerifyInclusion(leafHash(Buffer.from('forged')), m, n, path, tree.root(n))).toBe(false);
        if (n > 1) expect(rfcVerifyInclusion(leaf, (m + 1) % n, n, path, tree.root(n))).toBe(false);
        if (n > 1) expect(verifyInclusion(leaf, (m + 1) % n, n, path, tree.root(n))).toBe(false);
        expect(rfcVerifyInclusion(leaf, m, n, path, h(Buffer.from('another root')))).toBe(false);
      }
  });

  it('gives consistency proofs the RFC verifier accepts between every two sizes, and refuses forged ones', () => {
    for (let n = 1; n <= 40; n += 1)
      for (let m = 1; m <= n; m += 1) {
        const proof = tree.consistencyProof(m, n);
        expect(rfcVerifyConsistency(m, n, tree.root(m), tree.root(n), proof), `${m} → ${n}`).toBe(true);
        expect(verifyConsistency(m, n, tree.root(m), tree.root(n), proof)).toBe(true);
        if (m < n) {
          const other = new MerkleTree(
            [...entries.slice(0, m - 1), Buffer.from('changed'), ...entries.slice(m)].map(leafHash),
          );
          // A log that rewrote entry m−1 cannot prove the old head is a prefix of its new one.
          expect(rfcVerifyConsistency(m, n, tree.root(m), other.root(n), other.consistencyProof(m, n))).toBe(false);
          expect(verifyConsistency(m, n, tree.root(m), other.root(n), other.consistencyProof(m, n))).toBe(false);
        }
      }
  });
});

describe('a signed tree head', () => {
  it('verifies with the county key over its documented bytes, and not once any part changes', async () => {
    const { signTreeHead, verifyTreeHead } = await import('../../../src/ledger/tree-head.ts');
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
    const head = {
      countyId: 'c1',
      size: 70,
      rootHex: tree.root().toString('hex'),
      timestamp: '2026-12-03T00:00:00.000Z',
    };
    const signature = signTreeHead(head, privateKey);
    // Checked here with the published encoding, not the module's.
    const bytes = Buffer.from(`huzhu-tree-head:v1\nc1\n70\n${head.rootHex}\n2026-12-03T00:00:00.000Z`);
    expect(crypto.verify(null, bytes, publicKey, Buffer.from(signature, 'base64'))).toBe(true);
    expect(verifyTreeHead(head, signature, publicKey)).toBe(true);
    expect(verifyTreeHead({ ...head, size: 69 }, signature, publicKey)).toBe(false);
    expect(verifyTreeHead({ ...head, rootHex: tree.root(69).toString('hex') }, signature, publicKey)).toBe(false);
    expect(verifyTreeHead(head, signature, crypto.generateKeyPairSync('ed25519').publicKey)).toBe(false);
  });
});

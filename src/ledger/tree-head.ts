import crypto, { type KeyObject } from 'node:crypto';

/**
 * A signed tree head (issue #17): the county's Ed25519 signature over the log's size, root and
 * time, so that anyone holding the county's public key can check a published head, and then any
 * inclusion or consistency proof against it. The signed bytes are a fixed, documented encoding:
 * `huzhu-tree-head:v1\n<county id>\n<size>\n<root hex>\n<timestamp ISO 8601>`.
 */
export interface TreeHead {
  countyId: string;
  size: number;
  rootHex: string;
  timestamp: string;
}

export function treeHeadBytes(head: TreeHead): Buffer {
  return Buffer.from(`huzhu-tree-head:v1\n${head.countyId}\n${head.size}\n${head.rootHex}\n${head.timestamp}`, 'utf8');
}

export function signTreeHead(head: TreeHead, privateKey: KeyObject): string {
  return crypto.sign(null, treeHeadBytes(head), privateKey).toString('base64');
}

export function verifyTreeHead(head: TreeHead, signature: string, publicKey: KeyObject): boolean {
  return crypto.verify(null, treeHeadBytes(head), publicKey, Buffer.from(signature, 'base64'));
}

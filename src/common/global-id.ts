/**
 * Relay global ids: opaque to clients, `base64url("Type:uuid")` inside. Decoding checks the
 * type so that a Person id passed where a Region id belongs is an error, not a silent miss.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function toGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

export interface DecodedId {
  type: string;
  id: string;
  /** A second uuid for objects that are one row seen from one side (`Type:uuid@uuid`), e.g. a tie seen from one of its people. */
  qualifier?: string;
}

/** A global id for one row seen from one side: each side is its own object to a client's cache. */
export function toQualifiedGlobalId(type: string, id: string, qualifier: string): string {
  return toGlobalId(type, `${id}@${qualifier}`);
}

export function fromGlobalId(globalId: string): DecodedId | undefined {
  if (typeof globalId !== 'string' || globalId.length > 200) return undefined;
  const text = Buffer.from(globalId, 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  const type = text.slice(0, colon);
  const [id, qualifier, ...rest] = text.slice(colon + 1).split('@');
  if (!UUID.test(id) || rest.length > 0 || (qualifier !== undefined && !UUID.test(qualifier))) return undefined;
  return qualifier === undefined ? { type, id } : { type, id, qualifier };
}

/** The uuid inside `globalId` when it names a `type` (and no side), otherwise undefined. */
export function idOfType(globalId: string | undefined | null, type: string): string | undefined {
  if (globalId == null) return undefined;
  const decoded = fromGlobalId(globalId);
  return decoded && decoded.type === type && decoded.qualifier === undefined ? decoded.id : undefined;
}

/** The row and side inside `globalId` when it names a `type`; a plain `Type:uuid` has no side. */
export function qualifiedIdOfType(
  globalId: string | undefined | null,
  type: string,
): { id: string; qualifier?: string } | undefined {
  if (globalId == null) return undefined;
  const decoded = fromGlobalId(globalId);
  return decoded && decoded.type === type ? { id: decoded.id, qualifier: decoded.qualifier } : undefined;
}

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
}

export function fromGlobalId(globalId: string): DecodedId | undefined {
  if (typeof globalId !== 'string' || globalId.length > 200) return undefined;
  const text = Buffer.from(globalId, 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  const type = text.slice(0, colon);
  const id = text.slice(colon + 1);
  if (!UUID.test(id)) return undefined;
  return { type, id };
}

/** The uuid inside `globalId` when it names a `type`, otherwise undefined. */
export function idOfType(globalId: string | undefined | null, type: string): string | undefined {
  if (globalId == null) return undefined;
  const decoded = fromGlobalId(globalId);
  return decoded && decoded.type === type ? decoded.id : undefined;
}

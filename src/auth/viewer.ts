import { forbidden, unauthenticated } from '../common/errors.ts';
import { Role, SENSITIVE_READER_ROLES, WRITER_ROLES } from './role.ts';

/** The verified claims of a bearer token. */
export interface Claims {
  subject: string;
  role: Role;
  /** Root of the region subtree the token is bound to; undefined only for ADMIN. */
  regionId?: string;
  /** The person the token speaks for (a helper, a family proxy), when there is one. */
  personId?: string;
  /** Set for CHARITY: the API key and the scope of its account. */
  charity?: CharityClaims;
}

/** What an API key stands for; a charity never has a region subtree, only this feed scope. */
export interface CharityClaims {
  keyId: string;
  keyPrefix: string;
  accountId: string;
  organisationId: string;
  countyId: string;
  regionIds: string[];
  serviceTypes: string[];
}

/**
 * Who is asking, and what they may touch. Region checks take the target's region path
 * (county → … → itself), so one array lookup answers "is this inside my subtree?".
 */
export class Viewer {
  constructor(readonly claims: Claims | undefined) {}

  static anonymous(): Viewer {
    return new Viewer(undefined);
  }

  get authenticated(): boolean {
    return this.claims !== undefined;
  }

  get role(): Role | undefined {
    return this.claims?.role;
  }

  get subject(): string {
    return this.claims?.subject ?? 'anonymous';
  }

  /** Undefined means "everywhere" (ADMIN). */
  get scopeRegionId(): string | undefined {
    return this.claims?.regionId;
  }

  /** The charity's account scope; FORBIDDEN for anyone else. */
  requireCharity(): CharityClaims {
    const claims = this.require();
    if (!claims.charity) throw forbidden("Only a charity's API key can do this");
    return claims.charity;
  }

  require(): Claims {
    if (!this.claims) throw unauthenticated();
    return this.claims;
  }

  covers(regionPath: readonly string[]): boolean {
    const claims = this.claims;
    if (!claims) return false;
    if (claims.role === Role.ADMIN) return true;
    return claims.regionId !== undefined && regionPath.includes(claims.regionId);
  }

  assertCanRead(regionPath: readonly string[]): void {
    this.require();
    if (!this.covers(regionPath)) throw forbidden('This record is outside your region');
  }

  canWrite(regionPath: readonly string[]): boolean {
    return this.claims !== undefined && WRITER_ROLES.has(this.claims.role) && this.covers(regionPath);
  }

  assertWriterRole(): void {
    const claims = this.require();
    if (!WRITER_ROLES.has(claims.role)) throw forbidden(`The ${claims.role} role cannot change records`);
  }

  assertRole(roles: readonly Role[]): void {
    const claims = this.require();
    if (!roles.includes(claims.role)) throw forbidden(`The ${claims.role} role cannot do this`);
  }

  canSeeSensitive(regionPath: readonly string[]): boolean {
    return this.claims !== undefined && SENSITIVE_READER_ROLES.has(this.claims.role) && this.covers(regionPath);
  }
}

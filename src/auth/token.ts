import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { unauthenticated } from '../common/errors.ts';
import { parseRole, Role } from './role.ts';
import type { Claims } from './viewer.ts';

const ISSUER = 'huzhu';
const AUDIENCE = 'huzhu-api';

/**
 * The HS256 key: HUZHU_JWT_SECRET when given (every API process of a deployment must share
 * it), otherwise a random secret generated once into the data folder.
 */
export function loadSecret(configured: string | undefined, dataDir: string): Uint8Array {
  if (configured) return new TextEncoder().encode(configured);
  const file = path.join(dataDir, 'jwt-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  return new TextEncoder().encode(fs.readFileSync(file, 'utf8').trim());
}

export async function signToken(secret: Uint8Array, claims: Claims, ttl = '30d'): Promise<string> {
  const payload: Record<string, string> = { role: claims.role };
  if (claims.regionId) payload.region = claims.regionId;
  if (claims.personId) payload.person = claims.personId;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.subject)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(secret);
}

/** Verifies a token; any problem is UNAUTHENTICATED with a reason a developer can act on. */
export async function verifyToken(secret: Uint8Array, token: string): Promise<Claims> {
  let payload;
  try {
    // A token without `exp` would never expire: refuse it.
    ({ payload } = await jwtVerify(token, secret, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      requiredClaims: ['exp'],
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw unauthenticated('The token has expired');
    throw unauthenticated('The token is not valid');
  }
  const role = typeof payload.role === 'string' ? parseRole(payload.role) : undefined;
  if (!role || typeof payload.sub !== 'string') throw unauthenticated('The token carries no valid role');
  if (role === Role.CHARITY) throw unauthenticated('Charities authenticate with an API key, not a token');
  const regionId = typeof payload.region === 'string' ? payload.region : undefined;
  if (role !== Role.ADMIN && !regionId) throw unauthenticated(`A ${role} token must name a region`);
  const personId = typeof payload.person === 'string' ? payload.person : undefined;
  return { subject: payload.sub, role, regionId, personId };
}

export function bearerFrom(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match?.[1];
}

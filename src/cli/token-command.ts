import type { DataSource } from 'typeorm';
import { parseRole, Role } from '../auth/role.ts';
import { signToken } from '../auth/token.ts';
import { idOfType } from '../common/global-id.ts';
import { Person } from '../modules/person/person.entity.ts';
import { Region } from '../modules/region/region.entity.ts';
import { UsageError } from './usage.ts';

export interface TokenRequest {
  role: string | undefined;
  region?: string;
  person?: string;
  ttl?: string;
}

/** Resolves `--region` (global id or code) and `--person`, checks them, and signs the token. */
export async function mintToken(dataSource: DataSource, secret: Uint8Array, request: TokenRequest): Promise<string> {
  const role = request.role ? parseRole(request.role.toUpperCase()) : undefined;
  if (!role || role === Role.CHARITY) {
    throw new UsageError(
      `--role must be one of ${Object.values(Role)
        .filter((r) => r !== Role.CHARITY)
        .join(', ')} (charities use API keys)`,
    );
  }
  let region: Region | null = null;
  if (request.region) {
    const id = idOfType(request.region, 'Region');
    region = id
      ? await dataSource.manager.findOneBy(Region, { id })
      : await dataSource.manager.findOneBy(Region, { code: request.region });
    if (!region) throw new UsageError(`No region has the id or code "${request.region}"`);
  } else if (role !== Role.ADMIN) {
    throw new UsageError(`A ${role} token needs --region`);
  }
  let person: Person | null = null;
  if (request.person) {
    const id = idOfType(request.person, 'Person');
    person = id ? await dataSource.manager.findOneBy(Person, { id }) : null;
    if (!person) throw new UsageError(`No person has the id "${request.person}"`);
  }
  const subject = person ? `person:${person.id}` : `cli:${role.toLowerCase()}${region ? `@${region.code}` : ''}`;
  if (request.ttl && !/^\d+[smhdw]$/.test(request.ttl)) throw new UsageError('--ttl must look like 30d, 12h or 90m');
  return signToken(secret, { subject, role, regionId: region?.id, personId: person?.id }, request.ttl ?? '30d');
}

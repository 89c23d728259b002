import type { DataSource } from 'typeorm';
import { idOfType } from '../common/global-id.ts';
import { ServiceType } from '../modules/catalogue/service-type.enum.ts';
import { issueKey, openAccount } from '../modules/charity/api-account.service.ts';
import { UsageError } from './usage.ts';

export interface CharityKeyRequest {
  organisation: string | undefined;
  regions: string | undefined;
  services: string | undefined;
}

/**
 * Opens the organisation's API account if it has none (scoped to `--regions`, default its
 * county, and `--services`, default all), issues a key and returns it: the operator's shortcut
 * for what createApiAccount and createApiKey do over GraphQL.
 */
export async function issueCharityKey(
  dataSource: DataSource,
  request: CharityKeyRequest,
): Promise<{ secret: string; organisation: string; created: boolean }> {
  if (!request.organisation) throw new UsageError('charity-key needs --organisation (a global id or the exact name)');
  const id = idOfType(request.organisation, 'Organisation');
  const organisations: { id: string; name: string; county_id: string }[] = await dataSource.query(
    'SELECT id, name, county_id FROM organisation WHERE id = $1 OR ($1 IS NULL AND name = $2)',
    [id ?? null, request.organisation],
  );
  if (organisations.length !== 1)
    throw new UsageError(
      organisations.length
        ? `${organisations.length} organisations are named "${request.organisation}": use its id`
        : `No organisation "${request.organisation}"`,
    );
  const organisation = organisations[0];
  const services = request.services
    ? request.services.split(',').map((s) => s.trim().toUpperCase())
    : Object.values(ServiceType);
  const unknown = services.filter((s) => !(Object.values(ServiceType) as string[]).includes(s));
  if (unknown.length > 0) throw new UsageError(`Unknown service types: ${unknown.join(', ')}`);
  const codes = request.regions ? request.regions.split(',').map((s) => s.trim()) : undefined;
  const regions: { id: string; code: string }[] = codes
    ? await dataSource.query('SELECT id, code FROM region WHERE code = ANY($1) AND county_id = $2', [
        codes,
        organisation.county_id,
      ])
    : [{ id: organisation.county_id, code: '' }];
  if (codes && regions.length !== new Set(codes).size) {
    throw new UsageError(
      `Regions not found in the organisation's county: ${codes.filter((c) => !regions.some((r) => r.code === c)).join(', ')}`,
    );
  }
  return dataSource.transaction(async (em) => {
    const existing: { id: string }[] = await em.query('SELECT id FROM api_account WHERE organisation_id = $1', [
      organisation.id,
    ]);
    const accountId =
      existing[0]?.id ??
      (
        await openAccount(em, 'cli', {
          countyId: organisation.county_id,
          organisationId: organisation.id,
          regionIds: regions.map((r) => r.id),
          serviceTypes: services as ServiceType[],
        })
      ).id;
    const { secret } = await issueKey(em, 'cli', accountId, 'cli', null);
    return { secret, organisation: organisation.name, created: !existing[0] };
  });
}

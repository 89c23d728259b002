import { validate, type ValidationError } from 'class-validator';
import { QueryFailedError } from 'typeorm';
import type { Role } from '../auth/role.ts';
import type { Context } from '../context.ts';
import { inTransaction } from '../db/transaction.ts';
import { MutationReceipt } from '../audit/audit.entity.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { digestOf } from './canonical-json.ts';
import { idOfType } from './global-id.ts';
import type { MutationInput } from './mutation-input.ts';
import { Problems, userError, UserErrorCode, type UserError } from './user-error.ts';

export interface MutationResult<T> {
  result: T | null;
  errors: UserError[];
}

/** What a write did, for the audit trail. */
export interface Written<T> {
  result: T;
  entityType: string;
  entityId: string;
  countyId: string | null;
  changedFields: string[];
}

export interface MutationSpec<T> {
  action: string;
  input: MutationInput;
  /**
   * Reads and checks, no writes. Adds to `problems`; returns the write to perform when there
   * are none. Runs inside the mutation's transaction, so what it checked still holds.
   */
  check: (problems: Problems) => Promise<(() => Promise<Written<T>>) | undefined>;
  /** Loads the result of an earlier attempt with the same idempotency key. */
  reload: (entityId: string) => Promise<T | undefined>;
  /** Roles allowed to attempt the mutation; defaults to the writer roles. Scope is checked in `check`. */
  roles?: readonly Role[];
  /** Unique constraints that a concurrent writer may hit first, mapped to the input field. */
  uniqueConstraints?: Record<string, string>;
}

/** class-validator constraints that bound a size; the rest say the value is malformed. */
const RANGE_CONSTRAINTS = new Set(['isLength', 'minLength', 'maxLength', 'min', 'max', 'arrayMinSize', 'arrayMaxSize']);
/** … and those that say a value is there twice. */
const DUPLICATE_CONSTRAINTS = new Set(['arrayUnique']);

function fromValidationErrors(errors: ValidationError[], prefix = ''): UserError[] {
  return errors.flatMap((error) => {
    const field = prefix + error.property;
    const blank = typeof error.value === 'string' && error.value.trim() === '';
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) =>
      userError(
        field,
        blank
          ? UserErrorCode.REQUIRED
          : RANGE_CONSTRAINTS.has(constraint)
            ? UserErrorCode.OUT_OF_RANGE
            : DUPLICATE_CONSTRAINTS.has(constraint)
              ? UserErrorCode.DUPLICATE
              : UserErrorCode.INVALID,
        message.startsWith(error.property) ? message : `${error.property} ${message}`,
      ),
    );
    return [...own, ...fromValidationErrors(error.children ?? [], `${field}.`)];
  });
}

class Rejected extends Error {
  constructor(readonly errors: UserError[]) {
    super('rejected');
  }
}

function isUniqueViolation(
  error: unknown,
): error is QueryFailedError & { driverError: { code: string; constraint?: string } } {
  return error instanceof QueryFailedError && (error.driverError as { code?: string })?.code === '23505';
}

/**
 * The shape of every mutation: role check, input validation, then — in one transaction —
 * idempotency replay, the service's checks, the write, the audit entry and the receipt.
 * A returned error means nothing was written; a thrown one rolls everything back.
 */
export async function runMutation<T>(ctx: Context, spec: MutationSpec<T>): Promise<MutationResult<T>> {
  if (spec.roles) ctx.viewer.assertRole(spec.roles);
  else ctx.viewer.assertWriterRole();
  const invalid = fromValidationErrors(await validate(spec.input, { forbidUnknownValues: false }));
  if (invalid.length > 0) return { result: null, errors: invalid };

  const input = spec.input;
  ctx.events.clear();
  try {
    const outcome = await inTransaction(ctx, async () => {
      const actor = ctx.viewer.subject;
      const inputHash = digestOf(input);
      if (input.idempotencyKey) {
        const receipt = await ctx.em.findOneBy(MutationReceipt, { actor, idempotencyKey: input.idempotencyKey });
        if (receipt) {
          if (receipt.action !== spec.action || receipt.inputHash !== inputHash) {
            throw new Rejected([
              userError('idempotencyKey', UserErrorCode.CONFLICT, 'This key was already used for a different entry'),
            ]);
          }
          return { result: (await spec.reload(receipt.entityId)) ?? null, errors: [], events: [] };
        }
      }
      const problems = new Problems();
      const onBehalfOfId = await checkOnBehalfOf(ctx, input, problems);
      const write = await spec.check(problems);
      if (problems.any || !write) throw new Rejected(problems.list);

      const written = await write();
      await recordAudit(ctx.em, {
        countyId: written.countyId,
        actor,
        actorRole: ctx.viewer.role!,
        onBehalfOfId: onBehalfOfId ?? null,
        channel: input.channel,
        action: spec.action,
        entityType: written.entityType,
        entityId: written.entityId,
        changedFields: written.changedFields,
      });
      if (input.idempotencyKey) {
        await ctx.em.insert(MutationReceipt, {
          actor,
          idempotencyKey: input.idempotencyKey,
          action: spec.action,
          inputHash,
          entityId: written.entityId,
        });
      }
      // Last: what the write recorded, handled in the same transaction (e.g. the charities' outbox).
      const events = ctx.events.drain();
      await ctx.bus.beforeCommit(ctx.em, events);
      return { result: written.result, errors: [], events };
    });
    await ctx.bus.afterCommit(outcome.events);
    return { result: outcome.result, errors: outcome.errors };
  } catch (error) {
    if (error instanceof Rejected) return { result: null, errors: error.errors };
    if (isUniqueViolation(error)) {
      const constraint = error.driverError.constraint ?? '';
      if (constraint === 'mutation_receipt_pkey') {
        return {
          result: null,
          errors: [
            userError('idempotencyKey', UserErrorCode.CONFLICT, 'The same key is being used by another request; retry'),
          ],
        };
      }
      const field = spec.uniqueConstraints?.[constraint];
      if (field)
        return {
          result: null,
          errors: [userError(field, UserErrorCode.DUPLICATE, 'Another request has just created the same record')],
        };
    }
    throw error;
  } finally {
    ctx.events.clear();
  }
}

async function checkOnBehalfOf(ctx: Context, input: MutationInput, problems: Problems): Promise<string | undefined> {
  if (input.onBehalfOfId == null) return undefined;
  const id = idOfType(input.onBehalfOfId, 'Person');
  const person = id ? await ctx.loaders.person.load(id) : undefined;
  const region = person ? await ctx.loaders.region.load(person.regionId) : undefined;
  if (!person || !region || !ctx.viewer.covers(region.path)) {
    problems.add('onBehalfOfId', UserErrorCode.NOT_FOUND, 'No person with this id in your region');
    return undefined;
  }
  return person.id;
}

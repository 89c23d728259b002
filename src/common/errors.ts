import { GraphQLError } from 'graphql';

/**
 * Thrown failures (denials, unknown ids in queries, bad arguments). Expected failures of a
 * mutation are not thrown: they come back in the payload's `errors` (see user-error.ts).
 */
export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'INTERNAL_SERVER_ERROR';

function fail(code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

export const unauthenticated = (message = 'A bearer token is required') => fail('UNAUTHENTICATED', message);
export const forbidden = (message = 'Outside your role or region') => fail('FORBIDDEN', message);
export const badInput = (argument: string, message: string) => fail('BAD_USER_INPUT', message, { argument });
export const notFound = (message: string) => fail('NOT_FOUND', message);

import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { QUERY_LIMIT_CODES } from './common/query-limits.ts';
import { TOP_LEVEL_ZH } from './common/user-error.ts';
import type { Context } from './context.ts';
import type { Logger } from './logger.ts';

/** Known codes pass through; anything else is an internal error whose message is not shown. */
const CLIENT_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'RATE_LIMITED',
  ...QUERY_LIMIT_CODES,
]);

export function maskErrors(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_CODES.has(code)) {
      const { stacktrace: _omit, ...extensions } = formatted.extensions ?? {};
      // Chinese beside the English message, by the error's code, for consoles that show it as it is.
      return {
        ...formatted,
        extensions: { ...extensions, ...(TOP_LEVEL_ZH[code] ? { messageZh: TOP_LEVEL_ZH[code] } : {}) },
      };
    }
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    logger.error(
      {
        err: { type: (original as Error)?.name, message: (original as Error)?.message?.slice(0, 200) },
        path: formatted.path,
      },
      'internal error',
    );
    return {
      message: 'Internal server error',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR', messageZh: TOP_LEVEL_ZH.INTERNAL_SERVER_ERROR },
    };
  };
}

export function requestLogging(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        // One line per request at info: the operation's name, how long, and how it ended (error
        // codes only). Never variables, arguments or results: they may carry personal data.
        async willSendResponse(request) {
          const codes = [...new Set((request.errors ?? []).map((error) => String(error.extensions?.code ?? 'ERROR')))];
          logger.info(
            {
              operation: request.operationName ?? null,
              type: request.operation?.operation ?? null,
              outcome: codes.length === 0 ? 'ok' : codes.join(','),
              ms: Math.round(performance.now() - started),
            },
            'graphql request',
          );
        },
      };
    },
  };
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type ErrorRequestHandler } from 'express';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { DataSource } from 'typeorm';
import { bearerFrom, verifyToken } from './auth/token.ts';
import { Viewer } from './auth/viewer.ts';
import type { Config } from './config.ts';
import { createContext, type Context } from './context.ts';
import { migrationsApplied } from './db/data-source.ts';
import type { Logger } from './logger.ts';
import { createSchema } from './schema.ts';

export interface ServerOptions {
  dataSource: DataSource;
  config: Config;
  secret: Uint8Array;
  logger: Logger;
}

export interface RunningServer {
  url: string;
  port: number;
  httpServer: http.Server;
  close(): Promise<void>;
}

/** Known codes pass through; anything else is an internal error whose message is not shown. */
const CLIENT_CODES = new Set([
  'UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE',
]);

function maskErrors(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_CODES.has(code)) {
      const { stacktrace: _omit, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    logger.error({ err: { type: (original as Error)?.name, message: (original as Error)?.message?.slice(0, 200) }, path: formatted.path }, 'internal error');
    return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

function requestLogging(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse(request) {
          logger.debug(
            { operation: request.operationName ?? null, errors: request.errors?.length ?? 0, ms: Math.round(performance.now() - started) },
            'graphql request',
          );
        },
      };
    },
  };
}

/** A JSON body that does not parse gets a GraphQL-shaped 400, not an HTML page. */
const jsonErrors: ErrorRequestHandler = (error, _req, res, next) => {
  if (res.headersSent) return next(error);
  const status = typeof error?.status === 'number' ? error.status : 500;
  const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
  const message = status === 400 ? 'The request body is not valid JSON' : status < 500 ? String(error.message) : 'Internal server error';
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
};

async function viewerFrom(header: string | undefined, secret: Uint8Array): Promise<Viewer> {
  if (!header) return Viewer.anonymous();
  const token = bearerFrom(header);
  try {
    if (!token) throw new GraphQLError('Use "Authorization: Bearer <token>"', { extensions: { code: 'UNAUTHENTICATED' } });
    return new Viewer(await verifyToken(secret, token));
  } catch (error) {
    const message = error instanceof GraphQLError ? error.message : 'The token is not valid';
    throw new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  }
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { dataSource, config, secret, logger } = options;
  const app = express();
  const httpServer = http.createServer(app);
  let migrated = false;

  app.get('/healthz', async (_req, res) => {
    try {
      await dataSource.query('SELECT 1');
      migrated ||= await migrationsApplied(dataSource);
      if (!migrated) return void res.status(503).json({ status: 'migrations pending' });
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'database unavailable' });
    }
  });

  const schema = await createSchema();
  // Subscriptions over graphql-ws on the same port; the token comes in connection_init.
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const wsCleanup = useServer(
    {
      schema,
      context: async (connection) => {
        const token = (connection.connectionParams as { authorization?: string } | undefined)?.authorization;
        return createContext(dataSource, config, await viewerFrom(token, secret));
      },
    },
    wsServer,
  );
  const apollo = new ApolloServer<Context>({
    schema,
    formatError: maskErrors(logger),
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      requestLogging(logger),
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
    ],
  });
  await apollo.start();

  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => createContext(dataSource, config, await viewerFrom(req.headers.authorization, secret)),
    }),
  );
  app.use(jsonErrors);

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}/graphql`,
    port,
    httpServer,
    close: async () => {
      await apollo.stop();
    },
  };
}

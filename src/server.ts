import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import cors from 'cors';
import { maskErrors, requestLogging } from './server-plugins.ts';
import express, { type ErrorRequestHandler } from 'express';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import {
  getOperationAST,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import type { DataSource } from 'typeorm';
import { bearerFrom, verifyToken } from './auth/token.ts';
import { Viewer } from './auth/viewer.ts';
import type { Config, IntrospectionPolicy } from './config.ts';
import { createLimitChecker, queryLimitsPlugin } from './common/query-limits.ts';
import { assertCleanInput, inputTextGuard } from './common/input-text-guard.ts';
import { createContext, type Context } from './context.ts';
import { migrationsApplied } from './db/data-source.ts';
import type { Logger } from './logger.ts';
import { createSchema } from './schema.ts';
import { authenticateApiKey, recordKeyUse } from './modules/charity/api-key.auth.ts';
import { KeyChannel, KeyUseOutcome } from './modules/charity/api-account.entity.ts';
import { isApiKey } from './modules/charity/api-key.secret.ts';
import { deniedToCharity, rootFieldNames } from './modules/charity/charity-access.ts';
import { Role } from './auth/role.ts';
import { stopNeedFeed } from './modules/public-need/need-feed.ts';
import { stopOpenedNeeds } from './modules/need/need-opened.ts';
import { stopCareAlerts } from './modules/visit/care-alerts.ts';
import { stopComplaintAlerts } from './modules/complaint/complaint-alerts.ts';
import { createEventBus } from './modules/event-handlers.ts';
import { redactionNotice } from './auth/sensitive.ts';
import { printAgreement } from './modules/agreement/agreement-print.ts';
import { printNotice } from './modules/notice/notice-print.ts';
import { FONT_PATH, fontAssets } from './common/printable-page.ts';

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

/** A JSON body that does not parse gets a GraphQL-shaped 400, not an HTML page. */
const jsonErrors: ErrorRequestHandler = (error, _req, res, next) => {
  if (res.headersSent) return next(error);
  const status = typeof error?.status === 'number' ? error.status : 500;
  const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
  const message =
    status === 400
      ? 'The request body is not valid JSON'
      : status < 500
        ? String(error.message)
        : 'Internal server error';
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
};

/**
 * Who is asking: nobody, a JWT's holder, or a charity's API key (`hzk_…`, in the same
 * Authorization header). A key is checked against the database and spends one request of its
 * per-minute allowance on every call.
 */
async function viewerFrom(
  header: string | undefined,
  secret: Uint8Array,
  dataSource: DataSource,
  channel: KeyChannel,
): Promise<Viewer> {
  if (!header) return Viewer.anonymous();
  const token = bearerFrom(header);
  try {
    if (!token)
      throw new GraphQLError('Use "Authorization: Bearer <token or API key>"', {
        extensions: { code: 'UNAUTHENTICATED' },
      });
    if (isApiKey(token)) {
      const charity = await authenticateApiKey(dataSource, token, channel);
      return new Viewer({ subject: `apikey:${charity.keyPrefix}`, role: Role.CHARITY, charity });
    }
    return new Viewer(await verifyToken(secret, token));
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions.code === 'RATE_LIMITED') throw error;
    const message = error instanceof GraphQLError ? error.message : 'The token is not valid';
    throw new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  }
}

const charityForbidden = (fields: string[]) =>
  new GraphQLError(`A charity's API key cannot ask for ${fields.join(', ')}`, {
    extensions: { code: 'FORBIDDEN', http: { status: 403 } },
  });

/** Introspection (`__schema`, `__type`) for whom the policy allows; `__typename` is always fine. */
function assertMayIntrospect(
  policy: IntrospectionPolicy,
  viewer: Viewer,
  schema: GraphQLSchema,
  document: DocumentNode,
): void {
  if (policy === 'open' || (policy === 'signed-in' && viewer.role)) return;
  if (validate(schema, document, [NoSchemaIntrospectionCustomRule]).length === 0) return;
  throw new GraphQLError(
    policy === 'off' ? 'Schema introspection is turned off on this server' : 'Sign in to introspect the schema',
    {
      extensions: {
        code: policy === 'off' ? 'FORBIDDEN' : 'UNAUTHENTICATED',
        http: { status: policy === 'off' ? 403 : 401 },
      },
    },
  );
}

function introspectionRules(config: Config, schema: GraphQLSchema): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document }) {
          assertMayIntrospect(config.introspection, contextValue.viewer, schema, document);
        },
      };
    },
  };
}

/** HTTP side of the charity rules: refuse what a key may not ask, and keep a use row per request. */
function charityRules(dataSource: DataSource, logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let fields: string[] = [];
      return {
        async didResolveOperation({ contextValue, document, operation }) {
          if (!operation) return;
          fields = rootFieldNames(document, operation);
          const denied = deniedToCharity(contextValue.viewer, document, operation);
          if (denied.length > 0) throw charityForbidden(denied);
        },
        async willSendResponse({ contextValue, operationName, errors }) {
          const charity = contextValue?.viewer?.claims?.charity;
          if (!charity) return;
          const codes = (errors ?? []).map((e) => e.extensions?.code);
          const outcome =
            codes.length === 0
              ? KeyUseOutcome.OK
              : codes.includes('FORBIDDEN')
                ? KeyUseOutcome.FORBIDDEN
                : KeyUseOutcome.ERROR;
          await recordKeyUse(dataSource, charity, KeyChannel.HTTP, operationName ?? null, fields, outcome).catch(
            (error: Error) =>
              logger.warn({ err: { message: error.message.slice(0, 200) } }, 'could not record an API key use'),
          );
        },
      };
    },
  };
}

function authorizationOf(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const value = params?.authorization ?? params?.Authorization;
  return typeof value === 'string' ? value : undefined;
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
  const checkLimits = createLimitChecker(schema, config.queryLimits);
  const bus = createEventBus((message) => logger.error(message), {
    autoMatchLeaseMs: config.autoMatch ? config.runLeaseMs : undefined,
  });
  // Subscriptions over graphql-ws on the same port; the token comes in connection_init.
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const wsCleanup = useServer(
    {
      schema,
      // A bad token or key closes the socket at connection_init (4403 Forbidden).
      onConnect: async (connection) => {
        try {
          await viewerFrom(authorizationOf(connection.connectionParams), secret, dataSource, KeyChannel.WEBSOCKET);
          return true;
        } catch {
          return false;
        }
      },
      // Each operation is authenticated again (a revoked key stops at once), checked against the
      // charity rules and recorded, then executed with its own context.
      onSubscribe: async (connection, _id, payload) => {
        let viewer: Viewer;
        let document: DocumentNode;
        try {
          viewer = await viewerFrom(
            authorizationOf(connection.connectionParams),
            secret,
            dataSource,
            KeyChannel.WEBSOCKET,
          );
          document = parse(payload.query, { maxTokens: config.queryLimits.maxTokens });
        } catch (error) {
          return [
            error instanceof GraphQLError
              ? error
              : new GraphQLError('The query does not parse', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } }),
          ];
        }
        const invalid = validate(schema, document, specifiedRules);
        if (invalid.length > 0) return invalid;
        const operation = getOperationAST(document, payload.operationName);
        if (!operation)
          return [
            new GraphQLError('Name the operation to run', { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } }),
          ];
        try {
          assertMayIntrospect(config.introspection, viewer, schema, document);
          checkLimits(document, payload.variables ?? {}, payload.operationName ?? undefined);
          assertCleanInput(document, payload.variables ?? undefined);
        } catch (error) {
          return [error as GraphQLError];
        }
        const denied = deniedToCharity(viewer, document, operation);
        const charity = viewer.claims?.charity;
        if (charity) {
          await recordKeyUse(
            dataSource,
            charity,
            KeyChannel.WEBSOCKET,
            payload.operationName ?? null,
            rootFieldNames(document, operation),
            denied.length ? KeyUseOutcome.FORBIDDEN : KeyUseOutcome.OK,
          );
        }
        if (denied.length > 0) return [charityForbidden(denied)];
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: createContext(dataSource, config, viewer, logger, bus),
        };
      },
    },
    wsServer,
  );
  const apollo = new ApolloServer<Context>({
    schema,
    formatError: maskErrors(logger),
    includeStacktraceInErrorResponses: false,
    // Who may introspect is decided per viewer (introspectionRules), not once for everyone.
    introspection: true,
    parseOptions: { maxTokens: config.queryLimits.maxTokens },
    plugins: [
      // No @cacheControl hints are used, and its per-field hook cost a tenth of a list's CPU (#14).
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      requestLogging(logger),
      redactionNotice(),
      charityRules(dataSource, logger),
      introspectionRules(config, schema),
      queryLimitsPlugin<Context>(schema, config.queryLimits),
      inputTextGuard<Context>(),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  // Browsers may call from the configured origins only (none by default); Apollo's CSRF
  // prevention stays on for everything else. A preflight is answered here.
  const origins = new Set(config.corsOrigins);
  app.use(
    '/graphql',
    cors({
      origin: (origin, allow) => allow(null, origin !== undefined && origins.has(origin)),
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'x-apollo-operation-name'],
      maxAge: 600,
    }),
  );
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) =>
        createContext(
          dataSource,
          config,
          await viewerFrom(req.headers.authorization, secret, dataSource, KeyChannel.HTTP),
          logger,
          bus,
        ),
    }),
  );
  // The printable care agreement, the village notice and the font they are set in, from this server only.
  app.use(FONT_PATH, fontAssets());
  const pageContext = async (authorization: string | undefined) =>
    createContext(
      dataSource,
      config,
      await viewerFrom(authorization, secret, dataSource, KeyChannel.HTTP),
      logger,
      bus,
    );
  app.get('/agreements/:id/print', printAgreement(pageContext));
  app.get('/regions/:id/notice', printNotice(pageContext));
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
      await stopNeedFeed(dataSource);
      await stopOpenedNeeds(dataSource);
      await stopCareAlerts(dataSource);
      await stopComplaintAlerts(dataSource);
      await apollo.stop();
    },
  };
}

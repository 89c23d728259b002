import { startCareJobs } from './jobs/care-jobs.ts';
import { startComplaintJobs } from './jobs/complaint-jobs.ts';
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { Role } from './auth/role.ts';
import { loadSecret, signToken } from './auth/token.ts';
import { FIRST_QUERY } from './cli/first-query.ts';
import { matchCommand } from './cli/match-command.ts';
import { mintToken } from './cli/token-command.ts';
import { issueCharityKey } from './cli/charity-key-command.ts';
import { USAGE, UsageError } from './cli/usage.ts';
import { ledgerVerify } from './cli/ledger-verify.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { migrationsApplied } from './db/data-source.ts';
import { openDatabase, type Database } from './db/database.ts';
import { createLogger } from './logger.ts';
import { createSchema, printSdl } from './schema.ts';
import { createBoss, startWorker } from './jobs/matching-jobs.ts';
import { failLapsedRuns } from './modules/matching/match-run.service.ts';
import { startServer } from './server.ts';
import { closeSolverPool } from './matching/engine.ts';
import { startWebhookWorker } from './jobs/webhook-jobs.ts';
import { DEFAULT_DEMO_VILLAGES, seedCounty } from '../seeds/index.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const say = (message: string) => process.stderr.write(`${message}\n`);

function intOption(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
  return parsed;
}

async function withDatabase<T>(config: Config, work: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(config, say, config.dbPoolSize);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

async function migrate(dataSource: DataSource): Promise<void> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  say(
    applied.length
      ? `Applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`
      : 'Database schema is up to date',
  );
}

async function isEmpty(dataSource: DataSource): Promise<boolean> {
  const rows: unknown[] = await dataSource.query('SELECT 1 FROM region LIMIT 1');
  return rows.length === 0;
}

async function seed(dataSource: DataSource, villages: number, seedValue: number): Promise<void> {
  if (!(await migrationsApplied(dataSource)))
    throw new Error('The database has pending migrations: run `huzhu migrate` first');
  const summary = await seedCounty(dataSource, { villages, seed: seedValue, onProgress: say });
  say(
    `Seeded ${summary.countyName} (code ${summary.countyCode}): ${summary.townships} townships, ${summary.villages} villages, ` +
      `${summary.people.toLocaleString('en')} people (${summary.elders.toLocaleString('en')} elders), ` +
      `${summary.relationships.toLocaleString('en')} ties, ${summary.organisations} organisations, ${summary.needs.toLocaleString('en')} needs ` +
      `(${summary.publishedNeeds.toLocaleString('en')} shared with charities) in ${(summary.ms / 1000).toFixed(1)} s`,
  );
}

/**
 * `start` is its own worker too, so that one command gives the whole product: it delivers
 * webhooks and solves match runs (on a thread, so requests keep being answered), nightly ones included.
 */
async function startInProcessWorker(config: Config, db: Database): Promise<() => Promise<void>> {
  const boss = createBoss((db.dataSource.options as { url: string }).url, (error) => say(`pg-boss: ${error.message}`));
  await boss.start();
  const logger = createLogger(config.logLevel);
  const webhooks = await startWebhookWorker(boss, db.dataSource, config.webhooks, { logger });
  const matching = await startWorker(boss, db.dataSource, (message) => logger.info(message), {
    cron: config.matchCron,
    leaseMs: config.runLeaseMs,
    inThread: true,
  });
  const care = await startCareJobs(boss, db.dataSource, config, logger, (message) => logger.info(message));
  const complaints = await startComplaintJobs(boss, db.dataSource, (message) => logger.info(message));
  return async () => {
    await complaints.stop();
    await care.stop();
    await matching.stop();
    await webhooks.stop();
    await boss.stop({ graceful: true, wait: true });
  };
}

async function serve(config: Config, db: Database, banner: boolean): Promise<void> {
  const logger = createLogger(config.logLevel);
  const secret = loadSecret(config.jwtSecret, config.dataDir);
  // Runs left RUNNING by a process that died (its lease lapsed) are failed before we serve.
  const abandoned = await failLapsedRuns(db.dataSource.manager);
  if (abandoned.length > 0) logger.warn({ runs: abandoned }, 'failed match runs whose lease lapsed');
  const server = await startServer({ dataSource: db.dataSource, config, secret, logger });
  const stopWorker = banner ? await startInProcessWorker(config, db) : async () => {};
  if (banner) {
    const token = await signToken(secret, { subject: 'cli:admin', role: Role.ADMIN }, '7d');
    process.stdout.write(
      `\nHuzhu is serving GraphQL at ${server.url}  (database: ${db.description})\n\n` +
        `Admin token (7 days):\n${token}\n\n` +
        `Paste this into the page at ${server.url}, with the header Authorization: Bearer <token>:\n\n${FIRST_QUERY}\n\n` +
        `Or from a shell:\n  curl -s ${server.url} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\\n` +
        `    -d '{"query":"{ viewer { role } regions(kind: VILLAGE, first: 3) { totalCount edges { node { name code } } } }"}'\n\n`,
    );
  } else {
    logger.info({ url: server.url }, 'serving');
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    // `on`, not `once`: a library's signal-exit listener re-raises the signal when it finds itself alone.
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  say('Shutting down');
  await stopWorker();
  await server.close();
}

async function emitSchema(check: boolean): Promise<void> {
  const file = path.join(projectRoot, 'schema', 'schema.graphql');
  const sdl = printSdl(await createSchema());
  if (check) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current !== sdl) throw new Error('schema/schema.graphql is stale: run `npx huzhu emit-schema` and commit it');
    say('schema/schema.graphql is current');
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, sdl);
  say(`Wrote ${path.relative(process.cwd(), file)}`);
}

async function run(argv: string[]): Promise<void> {
  // Two-word commands: `huzhu ledger verify`.
  const [command, ...rest] = argv[0] === 'ledger' && argv[1] === 'verify' ? ['ledger verify', ...argv.slice(2)] : argv;
  const { values } = parseArgs({
    args: rest,
    strict: true,
    allowPositionals: false,
    options: {
      villages: { type: 'string' },
      seed: { type: 'string' },
      role: { type: 'string' },
      region: { type: 'string' },
      person: { type: 'string' },
      ttl: { type: 'string' },
      check: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      organisation: { type: 'string' },
      regions: { type: 'string' },
      services: { type: 'string' },
    },
  });
  const allowed: Record<string, string[]> = {
    start: [],
    serve: [],
    worker: [],
    migrate: [],
    seed: ['villages', 'seed'],
    token: ['role', 'region', 'person', 'ttl'],
    'emit-schema': ['check'],
    match: ['region', 'dry-run'],
    'charity-key': ['organisation', 'regions', 'services'],
    'ledger verify': ['region'],
  };
  if (command === 'help' || command === '--help' || command === '-h') return void process.stdout.write(USAGE);
  if (!command || !(command in allowed))
    throw new UsageError(command ? `Unknown command "${command}"` : 'No command given');
  const extra = Object.keys(values).filter((key) => !allowed[command].includes(key));
  if (extra.length > 0) throw new UsageError(`"${command}" does not take --${extra.join(', --')}`);

  const config = loadConfig();
  switch (command) {
    case 'start':
      return withDatabase(config, async (db) => {
        await migrate(db.dataSource);
        if (await isEmpty(db.dataSource)) {
          say(`Empty database: seeding a demo county (${DEFAULT_DEMO_VILLAGES} villages)`);
          await seed(db.dataSource, DEFAULT_DEMO_VILLAGES, 1);
        }
        await serve(config, db, true);
      });
    case 'serve':
      return withDatabase(config, (db) => serve(config, db, false));
    case 'migrate':
      return withDatabase(config, (db) => migrate(db.dataSource));
    case 'seed': {
      const villages = intOption(values.villages as string | undefined, 'villages', DEFAULT_DEMO_VILLAGES, 1, 5000);
      const seedValue = intOption(values.seed as string | undefined, 'seed', 1, 0, 2 ** 31 - 1);
      return withDatabase(config, (db) => seed(db.dataSource, villages, seedValue));
    }
    case 'token': {
      if (!values.role) throw new UsageError('token needs --role');
      const secret = loadSecret(config.jwtSecret, config.dataDir);
      const request = {
        role: values.role as string,
        region: values.region as string | undefined,
        person: values.person as string | undefined,
        ttl: values.ttl as string | undefined,
      };
      const token = await withDatabase(config, (db) => mintToken(db.dataSource, secret, request));
      return void process.stdout.write(`${token}\n`);
    }
    case 'emit-schema':
      return emitSchema(Boolean(values.check));
    case 'worker':
      return withDatabase(config, async (db) => {
        const boss = createBoss((db.dataSource.options as { url: string }).url, (error) =>
          say(`pg-boss: ${error.message}`),
        );
        await boss.start();
        const cron = config.matchCron;
        const matching = await startWorker(boss, db.dataSource, say, { cron, leaseMs: config.runLeaseMs });
        const care = await startCareJobs(boss, db.dataSource, config, createLogger(config.logLevel), say);
        const webhooks = await startWebhookWorker(boss, db.dataSource, config.webhooks, {
          logger: createLogger(config.logLevel),
          say,
        });
        const complaints = await startComplaintJobs(boss, db.dataSource, say);
        say(
          `Worker ready: nightly matching at "${cron}" (Asia/Shanghai), one job per township; runs queued from the API; visits laid out daily and missed ones marked; complaints escalated when not acknowledged in time; webhook delivery`,
        );
        await new Promise<void>((resolve) => {
          process.on('SIGINT', () => resolve());
          process.on('SIGTERM', () => resolve());
        });
        await complaints.stop();
        await care.stop();
        await matching.stop();
        await webhooks.stop();
        await boss.stop({ graceful: true });
      });
    case 'charity-key': {
      const request = {
        organisation: values.organisation as string | undefined,
        regions: values.regions as string | undefined,
        services: values.services as string | undefined,
      };
      const issued = await withDatabase(config, (db) => issueCharityKey(db.dataSource, request));
      say(
        `${issued.created ? 'Opened an API account for' : 'New key for'} ${issued.organisation}; the key is shown once:`,
      );
      return void process.stdout.write(`${issued.secret}\n`);
    }
    case 'ledger verify': {
      const verified = await withDatabase(config, (db) =>
        ledgerVerify(db.dataSource, values.region as string | undefined, say),
      );
      if (!verified) throw new Error('the time-bank ledger does not verify');
      return;
    }
    case 'match':
      return withDatabase(config, (db) =>
        matchCommand(
          db.dataSource,
          values.region as string | undefined,
          Boolean(values['dry-run']),
          say,
          config.runLeaseMs,
        ),
      );
  }
}

try {
  await run(process.argv.slice(2));
  await closeSolverPool();
  process.exit(0);
} catch (error) {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    say(`huzhu: ${(error as Error).message}\n`);
    say(USAGE);
    process.exit(2);
  }
  say(`huzhu: ${error instanceof ConfigError ? 'configuration: ' : ''}${(error as Error).message}`);
  process.exit(1);
}

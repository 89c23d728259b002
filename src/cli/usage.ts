export const USAGE = `Usage: huzhu <command> [options]

Commands:
  start                      Start PostgreSQL (embedded unless DATABASE_URL is set), migrate,
                             seed a demo county if the database is empty, and serve GraphQL.
  serve                      Serve GraphQL only (no migrations, no seeding): for production.
  worker                     Run jobs: the nightly matching (cron HUZHU_MATCH_CRON, default
                             "0 2 * * *" Asia/Shanghai), one job per township, visits, complaint
                             deadlines, and webhook delivery. Start as many as you like, on as many machines as you like.
  migrate                    Apply pending migrations and exit.
  seed [--villages N] [--seed S]
                             Add a generated county (default 12 villages, seed 1;
                             --villages 445 is Y-county sized).
  token --role ROLE [--region ID|CODE] [--person ID] [--ttl 30d]
                             Print a bearer token. ROLE is one of ADMIN, COUNTY_OFFICIAL,
                             COORDINATOR, HELPER, FAMILY_PROXY, SUPERVISOR, MEDIATOR,
                             ARBITRATOR; every role but
                             ADMIN needs --region (a global id or a region code).
  match --region CODE [--dry-run]
                             Run the matching for a village, township or county now, showing
                             progress and a summary (--dry-run: offer nothing, change nothing).
  charity-key --organisation ID|NAME [--regions CODE,…] [--services TYPE,…]
                             Open a charity's API account if it has none (default scope: its
                             county, every service) and print a new API key (shown once).
  ledger verify [--region CODE|ID]
                             Recompute every county's time-bank log from the database (each
                             entry's hash, the Merkle root, every balance); exit 1 naming the
                             first entry that does not match.
  emit-schema [--check]      Write schema/schema.graphql, or with --check fail if it is stale.
  help                       Show this text.

Environment:
  DATABASE_URL       use this PostgreSQL instead of the embedded one
  PORT               HTTP port (default 4000)
  HUZHU_DATA_DIR     data folder (default ./.huzhu)
  HUZHU_PG_PORT      embedded PostgreSQL port (default 54329)
  HUZHU_JWT_SECRET   token signing secret (default: generated into the data folder)
  LOG_LEVEL          pino level (default info)
  NODE_ENV           production: webhook endpoints must be https (else http://localhost is allowed)
  HUZHU_WEBHOOK_RETRY_BASE_MS, HUZHU_WEBHOOK_RETRY_MAX_MS, HUZHU_WEBHOOK_GIVE_UP_AFTER_MS, HUZHU_WEBHOOK_TIMEOUT_MS
                     webhook backoff (default 30 s doubling, at most 6 h apart, for 72 h) and timeout (10 s)
  HUZHU_OUTBOX_RETENTION_DAYS  days the feed outbox keeps events (default 30)
`;

/** A mistake in how the command was called: usage text and exit code 2. */
export class UsageError extends Error {}

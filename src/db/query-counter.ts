import type { Logger } from 'typeorm';

/**
 * Counts the SQL statements TypeORM sends. Tests use it to prove that list fields are batched
 * (the same count at 10 and at 100 rows); nothing here ever logs a query's parameters.
 */
export class QueryCounter implements Logger {
  count = 0;
  readonly statements: string[] = [];
  recording = false;

  logQuery(query: string): void {
    this.count += 1;
    if (this.recording) this.statements.push(query);
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}

  reset(record = false): void {
    this.count = 0;
    this.statements.length = 0;
    this.recording = record;
  }
}

/**
 * Buffers generated rows per table and writes them in large statements:
 * `INSERT … SELECT … FROM json_populate_recordset(NULL::table, $1)`, one per few thousand rows.
 * Columns left out take their defaults; tables are flushed in foreign-key order.
 */
export interface SqlRunner {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

export const TABLE_ORDER = [
  'region',
  'household',
  'person',
  'relationship',
  'organisation',
  'organisation_service_area',
  'organisation_member',
  'helper',
  'helper_availability',
  'certificate',
  'need',
  'need_status_change',
  'sharing_consent',
] as const;

export type Table = (typeof TABLE_ORDER)[number];
type Row = Record<string, unknown>;

const CHUNK = 5000;

export class BulkWriter {
  private readonly buffers = new Map<Table, Row[]>(TABLE_ORDER.map((table) => [table, []]));
  readonly written = new Map<Table, number>(TABLE_ORDER.map((table) => [table, 0]));

  constructor(
    private readonly runner: SqlRunner,
    private readonly onFlush?: (written: Map<Table, number>) => void,
  ) {}

  add(table: Table, row: Row): void {
    this.buffers.get(table)!.push(row);
  }

  /** Flushes everything when any table has a full chunk, so parents always land first. */
  async maybeFlush(): Promise<void> {
    if ([...this.buffers.values()].some((rows) => rows.length >= CHUNK)) await this.flush();
  }

  async flush(): Promise<void> {
    for (const table of TABLE_ORDER) {
      const rows = this.buffers.get(table)!;
      for (let start = 0; start < rows.length; start += CHUNK) {
        const chunk = rows.slice(start, start + CHUNK);
        const columns = Object.keys(chunk[0]).join(', ');
        await this.runner.query(
          `INSERT INTO ${table} (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::${table}, $1::json)`,
          [JSON.stringify(chunk)],
        );
        this.written.set(table, this.written.get(table)! + chunk.length);
      }
      rows.length = 0;
    }
    this.onFlush?.(this.written);
  }
}

import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * One SQL dialect for both backends: PostgreSQL in production, PGlite (embedded
 * Postgres compiled to WASM) when DATABASE_URL is unset. Everything above this file
 * sees only `Queryable`.
 */
export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Run a script of several statements (migrations); no parameters. */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Run fn in one transaction; it commits when fn resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** True when a trivial query answers: for /readyz. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

// Postgres int8 and numeric come back as strings by default; counts and ids we use fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  constructor(private readonly pool: pg.Pool) {}

  async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.pool.query(sql, params as unknown[]);
    return result.rows as Row[];
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A checked-out client whose connection drops between queries emits 'error'; with no
    // listener that is an uncaught exception and the process dies. Keep the error: the
    // next query on this client fails with it, the transaction rolls back, and the
    // broken client is destroyed rather than returned to the pool.
    let broken: Error | undefined;
    const onError = (error: Error): void => {
      broken ??= error;
    };
    client.on('error', onError);
    try {
      await client.query('begin');
      const tx: Queryable = {
        query: async <Row>(sql: string, params: readonly unknown[] = []) =>
          (await client.query(sql, params as unknown[])).rows as Row[],
        exec: async (sql: string) => {
          await client.query(sql);
        },
      };
      const result = await fn(tx);
      await client.query('commit');
      return result;
    } catch (error) {
      if (!broken) await client.query('rollback').catch((e: unknown) => void (broken ??= e as Error));
      throw error;
    } finally {
      client.removeListener('error', onError);
      client.release(broken ?? false);
    }
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async ping(): Promise<boolean> {
    try {
      await this.pool.query('select 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  constructor(readonly db: PGlite) {}

  async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.db.query<Row>(sql, params as unknown[]);
    return result.rows;
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(async (t) =>
      fn({
        query: async <Row>(sql: string, params: readonly unknown[] = []) => (await t.query<Row>(sql, params as unknown[])).rows,
        exec: async (sql: string) => {
          await t.exec(sql);
        },
      }),
    );
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  async ping(): Promise<boolean> {
    try {
      await this.db.query('select 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}

export interface OpenDatabaseOptions {
  /** postgres://…, file:<dir>, memory:, or undefined for PGlite under dataDir/pglite. */
  url: string | undefined;
  dataDir: string;
  /** Postgres only: a schema to use (tests isolate themselves this way). */
  schema?: string;
  /** PGlite only: start from a dumped data directory (a migrated template is far faster than migrating). */
  loadDataDir?: Blob;
  poolSize?: number;
  /** Postgres only: how long to wait for a new connection before a query fails (an outage answers 503, not a hang). @defaultValue 5000 */
  connectTimeoutMs?: number;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { url } = options;
  if (url !== undefined && /^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      // A dead peer (a cut cable, a failed-over server) is noticed, not waited on forever.
      keepAlive: true,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    // An idle client's error (the server restarted) must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
    return new PostgresDatabase(pool);
  }
  if (url === 'memory:') {
    return new PgliteDatabase(await PGlite.create({ loadDataDir: options.loadDataDir }));
  }
  const dir = resolve(url?.startsWith('file:') ? url.slice('file:'.length) : `${options.dataDir}/pglite`);
  mkdirSync(dir, { recursive: true });
  return new PgliteDatabase(await PGlite.create({ dataDir: dir, loadDataDir: options.loadDataDir }));
}

/** A PGlite database's data directory as a tarball, to seed fresh copies quickly. */
export async function dumpPglite(database: Database): Promise<Blob> {
  if (!(database instanceof PgliteDatabase)) throw new Error('only a PGlite database can be dumped');
  return database.db.dumpDataDir('none');
}

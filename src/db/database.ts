import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { ConfigError } from '../errors.js';

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

const statementNames = new Map<string, string>();
let renewals = 0;

/** A prepared statement's name: from its text, or (`renew`) a new one, when the old one's plan went stale. */
function statementName(sql: string, { renew = false } = {}): string {
  let name = statementNames.get(sql);
  if (!name || renew) {
    name = `s${createHash('sha1').update(sql).digest('hex').slice(0, 16)}${renew ? `_${++renewals}` : ''}`;
    statementNames.set(sql, name);
  }
  return name;
}

/** PostgreSQL's refusal of a prepared statement whose result's columns changed under it (0A000). */
function isStalePlan(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error as { code?: unknown }).code === '0A000' &&
    error.message.includes('cached plan must not change result type')
  );
}

class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  constructor(private readonly pool: pg.Pool) {}

  /**
   * Each statement is prepared once per connection, under a name made from its text, and
   * then only bound and run: PostgreSQL parsing and planning the same few statements on
   * every turn was a third of its work (issue 18). A prepared `select *` whose table gained
   * a column since (a migration by a newer version, mid-deploy) is refused by PostgreSQL;
   * that statement is then prepared again under a new name.
   */
  async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const values = params as unknown[];
    try {
      return (await this.pool.query({ text: sql, values, name: statementName(sql) })).rows as Row[];
    } catch (error) {
      if (!isStalePlan(error)) throw error;
      return (await this.pool.query({ text: sql, values, name: statementName(sql, { renew: true }) })).rows as Row[];
    }
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
  constructor(
    readonly db: PGlite,
    private readonly unlock: () => void = () => undefined,
  ) {}

  async query<Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.db.query<Row>(sql, params as unknown[]);
    return result.rows;
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(async (t) =>
      fn({
        query: async <Row>(sql: string, params: readonly unknown[] = []) =>
          (await t.query<Row>(sql, params as unknown[])).rows,
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
    try {
      if (!this.db.closed) await this.db.close();
    } finally {
      this.unlock();
    }
  }
}

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One process per embedded database folder. PGlite has no server to arbitrate: two
 * processes on one folder would hand out the same case references and lose each other's
 * writes. `<folder>.lock` holds the owner's pid; a second process is refused with one
 * clear message, and a lock left by a process that has died is taken over.
 */
export function lockPgliteDir(dir: string): () => void {
  const file = `${dir}.lock`;
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, `${JSON.stringify(me)}\n`, { flag: 'wx' });
      return () => {
        try {
          const owner = JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
          if (owner.pid === me.pid && owner.host === me.host) unlinkSync(file);
        } catch {
          // Already gone.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let owner: LockOwner | undefined;
    try {
      owner = JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
    } catch {
      owner = undefined; // half-written or unreadable: treated as stale
    }
    const held = owner !== undefined && owner.pid !== process.pid && (owner.host !== me.host || alive(owner.pid));
    if (held) {
      throw new ConfigError(
        `The embedded database in ${dir} is in use by another process (pid ${owner!.pid}${owner!.host === me.host ? '' : ` on ${owner!.host}`}, since ${owner!.since}). ` +
          'Only one process may open it: stop that one first, give this one its own DATA_DIR, or set DATABASE_URL to a PostgreSQL server they can share. ' +
          '(npm run chat talks to a running gateway by itself.)',
      );
    }
    // The owner has died (or it is this process's own leftover): take the lock over.
    try {
      unlinkSync(file);
    } catch {
      // Someone else took it over first; try again.
    }
  }
  throw new ConfigError(
    `Could not take the lock ${file} on the embedded database; remove it if no gateway is running.`,
  );
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

/**
 * PGlite's start-up parameters: its own, with an 8 MB buffer cache instead of PostgreSQL's
 * default 128 MB. The embedded database's WebAssembly memory is touched through at start
 * and never shrinks, so the cache's size is resident from the first moment. 32 MB saved
 * 180 MB of a gateway's memory against 128 MB; 8 MB saves 25-30 MB more (issue 18;
 * README, "Memory"). What does not fit is read from the operating system's file cache, which
 * the process does not hold: on a 67 MB table read at random, a lookup takes 0.49-0.56 ms
 * instead of 0.46-0.47; on a working set that fits, no slower. SQLite, the usual embedded
 * database, keeps 2 MB. One PGlite process is for small landlords and for trying the gateway
 * out; PostgreSQL sizes its own cache. `npm start` also gives Node `--liftoff-only`, so this
 * WebAssembly is compiled once and not again when hot: about 60 MB less for PGlite's queries
 * being about 7% slower (README, "Memory").
 */
const pgliteStartParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=8MB'];

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
    return new PgliteDatabase(
      await PGlite.create({ loadDataDir: options.loadDataDir, startParams: pgliteStartParams }),
    );
  }
  const dir = resolve(url?.startsWith('file:') ? url.slice('file:'.length) : `${options.dataDir}/pglite`);
  mkdirSync(dir, { recursive: true });
  const unlock = lockPgliteDir(dir);
  try {
    if (!options.loadDataDir && !existsSync(join(dir, 'PG_VERSION'))) await initdbInChildProcess(dir);
    return new PgliteDatabase(
      await PGlite.create({ dataDir: dir, loadDataDir: options.loadDataDir, startParams: pgliteStartParams }),
      unlock,
    );
  } catch (error) {
    unlock();
    throw error;
  }
}

/**
 * A new embedded database's cluster, made by a short-lived child process. PGlite runs
 * initdb in a second WebAssembly instance of PostgreSQL beside the first, and their memory,
 * once touched, stays in the process for good: opened on an empty folder in-process, PGlite
 * alone held 568 MB of WebAssembly memory, against 145 MB opened on a folder already made
 * (issue 18; README, "Memory"; embedded-db.test.ts checks it). Made apart, a gateway's first
 * start costs what every later start does.
 */
async function initdbInChildProcess(dir: string): Promise<void> {
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const script = [
    `const { PGlite } = require(${JSON.stringify(pglite)});`,
    '(async () => {',
    '  const db = await PGlite.create({ dataDir: process.argv[1], startParams: JSON.parse(process.argv[2]) });',
    '  await db.close();',
    '})().catch((error) => { console.error(error instanceof Error ? error.message : error); process.exit(1); });',
  ].join('\n');
  const child = spawn(process.execPath, ['-e', script, dir, JSON.stringify(pgliteStartParams)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-2_000);
  });
  const code = await new Promise<number | null>((done, fail) => {
    child.once('error', fail);
    child.once('exit', (exitCode) => done(exitCode));
  });
  if (code !== 0 || !existsSync(join(dir, 'PG_VERSION')))
    throw new ConfigError(`Could not create the embedded database in ${dir}: ${stderr.trim() || `exit ${code}`}`);
}

/** A PGlite database's data directory as a tarball, to seed fresh copies quickly. */
export async function dumpPglite(database: Database): Promise<Blob> {
  if (!(database instanceof PgliteDatabase)) throw new Error('only a PGlite database can be dumped');
  return database.db.dumpDataDir('none');
}

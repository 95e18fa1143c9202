import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors.js';
import type { Database } from './database.js';

/** The core's migrations. A channel with tables of its own keeps its migrations in its own folder. */
export const coreMigrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  id: string;
  sql: string;
}

/**
 * The migrations of every folder given (the core's and those of the channels the
 * composition root wires), in one order by file name: a migration's id is its file name,
 * whichever folder holds it, so the ids recorded in a database never depend on folders.
 */
export function listMigrations(dirs: readonly string[]): Migration[] {
  const files = dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f))
      .map((f) => ({ dir, f })),
  );
  const seen = new Set<string>();
  for (const { f } of files) {
    if (seen.has(f)) throw new ConfigError(`migration ${f} is in two folders`);
    seen.add(f);
  }
  return files
    .sort((a, b) => (a.f < b.f ? -1 : a.f > b.f ? 1 : 0))
    .map(({ dir, f }) => ({ id: f.replace(/\.sql$/, ''), sql: readFileSync(join(dir, f), 'utf8') }));
}

/**
 * Apply pending migrations, each in its own transaction. Several processes may start
 * at once against one Postgres: an advisory lock makes them take turns, and the
 * second finds nothing left to do.
 */
export async function migrate(db: Database, migrations: readonly Migration[]): Promise<string[]> {
  await db.query(
    'create table if not exists schema_migrations (id text primary key, applied_at timestamptz not null default now())',
  );
  const applied: string[] = [];
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock(7316001)');
      const rows = await tx.query('select 1 from schema_migrations where id = $1', [migration.id]);
      if (rows.length > 0) return true;
      await tx.exec(migration.sql);
      await tx.query('insert into schema_migrations (id) values ($1)', [migration.id]);
      return false;
    });
    if (!done) applied.push(migration.id);
  }
  return applied;
}

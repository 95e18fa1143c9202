// Meta's channel ids, as the gateway registers them (app/channel-ids.ts): tests read conversations on any channel.
import '../../app/channel-ids.js';
import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from '../../src/db/database.js';
import { migratedPgliteTemplate, openMigratedDatabase } from '../../app/migrations.js';

export const postgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const backends = ['pglite', 'postgres'] as const;
export type Backend = (typeof backends)[number];

let template: Promise<Blob> | undefined;

/**
 * The gateway's migrated PGlite template (app/migrations.ts), made once per test process:
 * copying it beats migrating per test. Test databases here and gateways in ./gateway.ts
 * start from it.
 */
export function pgliteTemplate(): Promise<Blob> {
  template ??= migratedPgliteTemplate();
  return template;
}

export interface TestDatabase {
  db: Database;
  /** Postgres schema name (for a child process to use the same data). */
  schema?: string;
  close(): Promise<void>;
}

/** A fresh, migrated database: PGlite in memory, or a new schema on the machine's PostgreSQL. */
export async function openTestDatabase(backend: Backend): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const db = await openDatabase({ url: 'memory:', dataDir: '', loadDataDir: await pgliteTemplate() });
    return { db, close: () => db.close() };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = await openDatabase({ url: postgresUrl, dataDir: '', poolSize: 1 });
  await admin.query(`create schema ${schema}`);
  await admin.close();
  const { db } = await openMigratedDatabase({ url: postgresUrl, dataDir: '', schema, poolSize: 5 });
  return {
    db,
    schema,
    close: async () => {
      await db.close();
      const cleanup = await openDatabase({ url: postgresUrl, dataDir: '', poolSize: 1 });
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.close();
    },
  };
}

import { slackMigrationsDir } from '../channels/slack/slack-store.js';
import { dumpPglite, openDatabase, type Database, type OpenDatabaseOptions } from '../src/db/database.js';
import { coreMigrationsDir, listMigrations, migrate, type Migration } from '../src/db/migrate.js';

/**
 * Every migration the gateway applies: the core's and Slack's, one order by file name
 * (003_slack and 007_slack_workspace sit between the core's and keep the ids databases
 * in the field have recorded).
 */
export const migrationDirs: readonly string[] = [coreMigrationsDir, slackMigrationsDir];

export function gatewayMigrations(): Migration[] {
  return listMigrations(migrationDirs);
}

/**
 * The database step of start-up, for the gateway, the terminal chat and the test databases
 * alike: open it and apply every migration not yet applied (none, from a migrated template).
 */
export async function openMigratedDatabase(options: OpenDatabaseOptions): Promise<{ db: Database; applied: string[] }> {
  const db = await openDatabase(options);
  try {
    return { db, applied: await migrate(db, gatewayMigrations()) };
  } catch (error) {
    await db.close();
    throw error;
  }
}

/**
 * A migrated, empty PGlite data directory: starting from a copy beats migrating each time
 * (`loadDataDir`). Built here only; the tests keep one per process (test/helpers/db.ts).
 */
export async function migratedPgliteTemplate(): Promise<Blob> {
  const { db } = await openMigratedDatabase({ url: 'memory:', dataDir: '' });
  try {
    return await dumpPglite(db);
  } finally {
    await db.close();
  }
}

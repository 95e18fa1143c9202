import { slackMigrationsDir } from '../channels/slack/slack-store.js';
import { coreMigrationsDir, listMigrations, type Migration } from '../src/db/migrate.js';

/**
 * Every migration the gateway applies: the core's and Slack's, one order by file name
 * (003_slack and 007_slack_workspace sit between the core's and keep the ids databases
 * in the field have recorded).
 */
export const migrationDirs: readonly string[] = [coreMigrationsDir, slackMigrationsDir];

export function gatewayMigrations(): Migration[] {
  return listMigrations(migrationDirs);
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationDirs } from '../../app/migrations.js';
import { openDatabase } from '../../src/db/database.js';
import { listMigrations, migrate } from '../../src/db/migrate.js';

describe('migrations from several folders', () => {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  function folder(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    made.push(dir);
    mkdirSync(dir, { recursive: true });
    for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
    return dir;
  }

  it("keeps the ids databases in the field have recorded: Slack's migrations sit between the core's by file name", () => {
    const ids = listMigrations(migrationDirs).map((m) => m.id);
    expect(ids.slice(0, 8)).toEqual([
      '001_init',
      '002_customer_access',
      '003_slack',
      '004_documents',
      '005_event_keys',
      '006_media',
      '007_slack_workspace',
      '008_send_attempts',
    ]);
    expect([...ids].sort()).toEqual(ids);
  });

  it('refuses a file name found in two folders, which would be applied once under one id', () => {
    const a = folder({ '001_a.sql': 'select 1;' });
    const b = folder({ '001_a.sql': 'select 2;' });
    expect(() => listMigrations([a, b])).toThrow(/001_a.sql is in two folders/);
  });

  it('applies the folders in one order by file name, each once', async () => {
    const core = folder({
      '001_core.sql': 'create table core_t (id int primary key);',
      '003_more.sql': 'insert into core_t values (3);',
    });
    const channel = folder({ '002_channel.sql': 'insert into core_t values (2);', 'notes.txt': 'not a migration' });
    const db = await openDatabase({ url: 'memory:', dataDir: '' });
    try {
      expect(await migrate(db, listMigrations([core, channel]))).toEqual(['001_core', '002_channel', '003_more']);
      expect(await migrate(db, listMigrations([core, channel]))).toEqual([]);
      expect((await db.query<{ id: number }>('select id from core_t order by id')).map((r) => r.id)).toEqual([2, 3]);
    } finally {
      await db.close();
    }
  });
});

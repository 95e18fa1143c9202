import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { ConfigError } from '../../src/errors.js';
import { startTestGateway } from '../helpers/gateway.js';
import { waitFor } from '../helpers/redis.js';
import { freePort } from './harness.js';

const dirs: string[] = [];
function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `gw-${label}-`));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('two processes on one embedded database (#13 item 7)', () => {
  it('refuses the second with one clear message, and takes over the lock of a process that died', async () => {
    const dir = join(tempDir('pglite-lock'), 'pglite');
    const holder = spawn(process.execPath, ['--import', 'tsx', 'test/faults/hold-pglite.ts'], {
      env: { ...process.env, PGLITE_DIR: dir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    holder.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<void>((r) => holder.on('exit', () => r()));
    try {
      await waitFor(async () => out.includes('HELD'), 'the first process to open the database', 90_000);
      const second = openDatabase({ url: `file:${dir}`, dataDir: '' });
      await expect(second).rejects.toBeInstanceOf(ConfigError);
      await expect(second).rejects.toThrow(
        `The embedded database in ${dir} is in use by another process (pid ${holder.pid}`,
      );
    } finally {
      holder.kill('SIGKILL');
      await exited;
    }
    // Its owner died without unlocking: the lock is stale, and the next process may open it.
    const db = await openDatabase({ url: `file:${dir}`, dataDir: '' });
    expect(await db.ping()).toBe(true);
    // With the embedded database's own buffer cache, not PostgreSQL's 128 MB (README, "Memory").
    expect(await db.query('show shared_buffers')).toEqual([{ shared_buffers: '8MB' }]);
    await db.close();
    expect(existsSync(`${dir}.lock`)).toBe(false);
  }, 150_000);

  it('makes a new database in a child process, so a first start holds no more memory than a later one', async () => {
    const dir = join(tempDir('pglite-initdb'), 'pglite');
    // Made in-process, initdb's second PostgreSQL instance stays in memory: 568 MB of
    // WebAssembly memory held against 145 MB on a folder that has its database already.
    const before = process.memoryUsage().external;
    const db = await openDatabase({ url: `file:${dir}`, dataDir: '' });
    const grew = process.memoryUsage().external - before;
    try {
      expect(existsSync(join(dir, 'PG_VERSION'))).toBe(true);
      expect(await db.query<{ n: number }>('select 1 as n')).toEqual([{ n: 1 }]);
      expect(grew / 1048576).toBeLessThan(300);
    } finally {
      await db.close();
    }
  }, 60_000);

  it('npm run chat talks to a running gateway over Direct Line, and opens no database of its own', async () => {
    const port = await freePort();
    const gateway = await startTestGateway({ PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}` });
    const dataDir = tempDir('chat');
    const chat = spawn(process.execPath, ['--import', 'tsx', 'bin/chat.ts'], {
      env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    chat.stdout.on('data', (c: Buffer) => (out += c.toString()));
    chat.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => chat.on('exit', (code) => r(code)));
    try {
      await waitFor(async () => out.includes('over web chat (Direct Line)'), 'chat to find the gateway', 90_000);
      chat.stdin.write("hi there, my boiler's packed in and theres no heating\n");
      await waitFor(async () => /bot> \S/.test(out), 'the bot to answer through the gateway', 60_000);
      // The customer's words are in the gateway's own database, on the web chat channel.
      const stored = await gateway.db.query<{ channel_id: string }>(
        `select channel_id from messages where direction = 'inbound' and text like '%boiler''s packed in%'`,
      );
      expect(stored.map((m) => m.channel_id)).toEqual(['directline']);
      chat.stdin.end();
      expect(await exited).toBe(0);
      expect(existsSync(join(dataDir, 'pglite'))).toBe(false);
      expect(existsSync(join(dataDir, 'chat'))).toBe(false);
    } finally {
      chat.kill('SIGKILL');
      await gateway.stop();
    }
  }, 200_000);
});

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uniquePrefix } from '../helpers/redis.js';

/** The command line of package.json's start script (`node <flags> --import tsx bin/gateway.ts`), run as it is. */
const startScript = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start;
const [node, ...startArgs] = startScript.split(/\s+/);

function run(env: Record<string, string>, args: string[] = []) {
  expect(node).toBe('node');
  const child = spawn(process.execPath, [...startArgs, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  // A signal's name in place of a code: a process killed (or crashed) says so in the failure.
  const exit = new Promise<number | string | null>((r) => child.on('exit', (code, signal) => r(code ?? signal)));
  return { child, exit, out: () => stdout, err: () => stderr };
}

describe('npm start', () => {
  it('serves /healthz and /readyz on embedded PGlite, and stops cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gw-start-'));
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const p = run({ PORT: port, DATA_DIR: dataDir, DATABASE_URL: '' });
    try {
      // How fast it starts is measured by bench/startup.ts, not here: a loaded CI machine only waits longer.
      const deadline = Date.now() + 90_000;
      let ready = 0;
      while (Date.now() < deadline) {
        ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.status,
          () => 0,
        );
        // The ready line is printed as the port opens; stdout may reach us a moment after /readyz answers.
        if (ready === 200 && p.out().includes('Gateway ready on')) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(ready).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      expect(p.out()).toContain(`Gateway ready on http://localhost:${port}`);
      p.child.kill('SIGTERM');
      expect(await p.exit).toBe(0);
    } finally {
      p.child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  // Each test starts a process through tsx: on a loaded two-core machine that alone can take most of a minute.
  it('refuses a bad environment value with one clear line and no stack trace', async () => {
    const p = run({ PORT: 'eighty', REDIS_URL: `redis://127.0.0.1:6379/0?x=${uniquePrefix('x')}` });
    expect(await p.exit).toBe(1);
    expect(p.err()).toContain('Invalid configuration:');
    expect(p.err()).toContain('PORT: ');
    expect(p.err()).not.toMatch(/\n\s+at /);
  }, 120_000);

  it('runs a worker-only process at a lower CPU priority (WORKER_NICE), so webhooks are answered first', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gw-worker-'));
    const p = run(
      { DATA_DIR: dataDir, DATABASE_URL: 'memory:', WORKER_NICE: '7', REDIS_URL: 'redis://127.0.0.1:6379' },
      ['--role=worker'],
    );
    try {
      const deadline = Date.now() + 90_000;
      while (!p.out().includes('WORKER READY') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(p.out()).toContain('WORKER READY');
      // Linux keeps nice per thread: V8's compiler and GC threads must yield as well as the main one.
      const threads = readdirSync(`/proc/${p.child.pid}/task`);
      expect(threads.length).toBeGreaterThan(1);
      for (const tid of threads) {
        const stat = readFileSync(`/proc/${p.child.pid}/task/${tid}/stat`, 'utf8');
        // Field 19 of stat is the nice value; the fields after the command name are space-separated.
        expect(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])).toBe(7);
      }
      p.child.kill('SIGTERM');
      expect(await p.exit).toBe(0);
    } finally {
      p.child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses an unknown role', async () => {
    const p = run({}, ['--role=cook']);
    expect(await p.exit).toBe(2);
    expect(p.err()).toContain('Unknown role "cook"');
  }, 120_000);
});

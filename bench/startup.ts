/**
 * How long `npm start` takes to answer /readyz 200 on embedded PGlite: first on an empty data
 * folder (migrations run), then again on the same folder (already migrated). Prints JSON.
 *
 *   npm run bench:startup [-- --runs 3]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { npmStartNodeFlags } from './gateway-process.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const runs = Number(arg('runs', '3'));

/** Starts the gateway on `dataDir`, returns milliseconds until /readyz answered 200, then stops it. */
async function timeToReady(dataDir: string): Promise<number> {
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const started = performance.now();
  const child = spawn(process.execPath, [...npmStartNodeFlags(), '--import', 'tsx', 'bin/gateway.ts'], {
    env: { ...process.env, PORT: port, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  const exit = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  try {
    for (;;) {
      const status = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) return performance.now() - started;
      if (child.exitCode !== null) throw new Error(`the gateway exited with ${child.exitCode} before it was ready`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    child.kill('SIGTERM');
    await exit;
  }
}

const fresh: number[] = [];
const migrated: number[] = [];
for (let i = 0; i < runs; i += 1) {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-startup-'));
  try {
    fresh.push(await timeToReady(dataDir));
    migrated.push(await timeToReady(dataDir));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
console.log(
  JSON.stringify({
    bench: 'startup',
    runs,
    freshDataFolderMs: { median: Math.round(median(fresh)), all: fresh.map(Math.round) },
    migratedDataFolderMs: { median: Math.round(median(migrated)), all: migrated.map(Math.round) },
  }),
);

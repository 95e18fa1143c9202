/**
 * The processes a whole-gateway benchmark runs (bench:webchat, bench:memory): a private
 * redis-server, the gateway as `npm start` runs it, and a JSON POST.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { type Agent, request } from 'undici';

/**
 * The Node flags `npm start` gives the gateway, read from package.json's start script
 * (`node <flags> --import tsx bin/gateway.ts`), so a benchmark runs the process an operator
 * runs: today `--max-semi-space-size=4 --heap-growing-percent=50 --liftoff-only` (README,
 * "Memory").
 */
export function npmStartNodeFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    scripts: { start: string };
  };
  const words = scripts.start.split(/\s+/);
  const script = words.indexOf('bin/gateway.ts');
  if (words[0] !== 'node' || script < 0) throw new Error(`npm start is not "node … bin/gateway.ts": ${scripts.start}`);
  return words.slice(1, script).filter((word, i, all) => word !== '--import' && all[i - 1] !== '--import');
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}

/** A redis-server of the run's own, so the figures are not shared with anything else on the machine. */
export async function startRedis(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((ready, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) ready();
    });
    child.once('error', (error) =>
      reject(new Error(`could not start redis-server (${error.message}); install it, or pass --redis-url`)),
    );
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  return { url: `redis://127.0.0.1:${port}`, child };
}

export async function startGateway(
  env: Record<string, string>,
  cpuProfileDir: string | undefined,
  role: 'all' | 'web' | 'worker' = 'all',
): Promise<ChildProcess> {
  const flags = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [];
  const roleFlag = role === 'all' ? [] : [`--role=${role}`];
  const readyLine = role === 'worker' ? 'WORKER READY' : 'Gateway ready on';
  const child = spawn(
    process.execPath,
    [...npmStartNodeFlags(), ...flags, '--import', 'tsx', 'bin/gateway.ts', ...roleFlag],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((ready, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(readyLine)) ready();
    });
    child.once('exit', (code) => reject(new Error(`the gateway exited with ${code} before it was ready`)));
  });
  return child;
}

export async function post<T = unknown>(
  agent: Agent,
  url: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<T> {
  const response = await request(url, {
    method: 'POST',
    dispatcher: agent,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.body.text();
  if (response.statusCode >= 300) throw new Error(`POST ${url}: ${response.statusCode} ${text}`);
  return JSON.parse(text) as T;
}

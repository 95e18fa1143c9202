import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

// The layering rule of .dependency-cruiser.cjs, run as CI runs it (`npm run lint:deps`), on the
// repository and on a small tree that breaks every part of it on purpose.

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = fileURLToPath(new URL('./fixture/', import.meta.url));
const depcruise = `${root}node_modules/.bin/depcruise`;

const Report = z.object({
  summary: z.object({
    violations: z.array(z.object({ from: z.string(), to: z.string(), rule: z.object({ name: z.string() }) })),
    error: z.number(),
  }),
});

async function cruise(cwd: string, paths: string[]): Promise<z.infer<typeof Report>['summary']> {
  const args = [...paths, '--config', `${root}.dependency-cruiser.cjs`, '--output-type', 'json'];
  const output = await run(depcruise, args, { cwd, maxBuffer: 64 * 1024 * 1024 }).then(
    (done) => done.stdout,
    // depcruise exits non-zero when it finds violations; its report is still on stdout.
    (failed: { stdout?: string }) => failed.stdout ?? '',
  );
  return Report.parse(JSON.parse(output)).summary;
}

describe('the layering rule', () => {
  it('holds for the repository', async () => {
    const summary = await cruise(root, ['src', 'channels', 'dialogs', 'app', 'bin']);
    expect(summary.violations).toEqual([]);
  }, 120_000);

  it('fails on a core that imports a channel, channels that import each other or a dialog, and a cycle', async () => {
    const summary = await cruise(fixture, ['src', 'channels', 'dialogs']);
    const broken = summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
    expect(broken).toEqual(
      expect.arrayContaining([
        'core-imports-no-outer-layer: src/core.ts -> channels/sms/index.ts',
        'channels-import-no-other-channel: channels/sms/index.ts -> channels/meta/index.ts',
        'channels-import-no-dialogs: channels/sms/index.ts -> dialogs/greeting.ts',
        'dialogs-import-no-channel: dialogs/greeting.ts -> channels/sms/index.ts',
      ]),
    );
    expect(broken.some((line) => line.startsWith('no-circular:'))).toBe(true);
    expect(summary.error).toBeGreaterThanOrEqual(5);
  }, 120_000);
});

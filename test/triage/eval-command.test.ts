import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCorpusFile, splitBatch } from '../../src/triage/corpus.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const batchFile = 'src/triage/corpus/batch-2026-12.jsonl';

/** Runs `tsx bin/eval-triage.ts <args>`, as `npm run eval:triage -- <args>` does. */
function evalTriage(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'bin/eval-triage.ts', ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run eval:triage -- --file', () => {
  it('scores any labelled file, with a line per language', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eval-triage-'));
    const file = join(dir, 'mine.jsonl');
    const lines = [
      { text: 'I can smell gas in the hall', kind: 'enquiry', emergency: true, flags: [], channel: 'sms', lang: 'en' },
      { text: 'Czuję gaz w kuchni', kind: 'enquiry', emergency: true, flags: [], channel: 'sms', lang: 'pl' },
      {
        text: 'what day are the bins collected?',
        kind: 'enquiry',
        emergency: false,
        flags: [],
        channel: 'sms',
        lang: 'en',
      },
    ];
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    const { stdout } = await evalTriage(['--file', file]);
    expect(stdout).toContain(`triage evaluation on ${file}: 3 messages`);
    expect(stdout).toMatch(/emergency recall +100\.0% +\(2 of 2;/);
    expect(stdout).toMatch(/^pl +1 +1 +1 of 1$/m);
  }, 60_000);

  it('never prints a held-out message, and refuses --errors on the held-out part', async () => {
    const { holdout } = splitBatch(loadCorpusFile(join(root, batchFile)));
    const { stdout } = await evalTriage(['--file', batchFile, '--part', 'holdout']);
    expect(stdout).toContain(`(holdout part): ${holdout.length} messages`);
    // Short texts ("ok", "tak") could occur inside the report's own words; the rest must not.
    for (const item of holdout.filter((i) => i.text.length > 12)) expect(stdout).not.toContain(item.text);

    const refused = await evalTriage(['--file', batchFile, '--part', 'holdout', '--errors']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/never read/);
    expect(refused.stdout).toBe('');
  }, 60_000);

  it('says what is wrong with a bad file instead of a stack trace', async () => {
    const { code, stderr } = await evalTriage(['--file', join(root, 'package.json')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^eval:triage: .*package\.json:1: not JSON/);
  }, 60_000);
});

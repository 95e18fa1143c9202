import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Runs `tsx bin/intake.ts <args>` with `stdin`, as `npm run -s intake -- <args>` does. */
function intake(args: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'bin/intake.ts', ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('intake classify (docs/contracts.md#intake-classify contract)', () => {
  it('writes one JSON line per input line, in order, and nothing else', async () => {
    const input = [
      { id: 'a', text: 'I can smell gas in the kitchen', channel: 'sms' },
      { id: 'b', text: 'I want to make a formal complaint about my repair' },
      { id: 3, text: 'when is the roofer coming?', priorComplaint: true },
      { id: 'd', text: 'Can I have my letters in large print?' },
    ];
    const { code, stdout } = await intake(['classify'], input.map((x) => JSON.stringify(x)).join('\n') + '\n');
    expect(code).toBe(0);
    const lines = stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.id)).toEqual(['a', 'b', 3, 'd']);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(['id', 'kind', 'emergency', 'flags', 'confidence', 'reasons']);
      expect(['enquiry', 'first_time_fix', 'formal_complaint']).toContain(line.kind);
      expect(typeof line.confidence).toBe('number');
      expect(Array.isArray(line.reasons)).toBe(true);
    }
    expect(lines[0]).toMatchObject({ emergency: true, kind: 'enquiry' });
    expect(lines[1]).toMatchObject({ kind: 'formal_complaint', emergency: false });
    expect(lines[2]).toMatchObject({ kind: 'formal_complaint' });
    expect(lines[3]).toMatchObject({ kind: 'enquiry', flags: ['format_request'] });
  });

  it('answers a malformed line with an error line and carries on', async () => {
    const stdin = [
      'this is not json',
      JSON.stringify({ id: 'no-text' }),
      JSON.stringify({ id: 'ok', text: 'no heating and my baby is 2 weeks old' }),
      JSON.stringify({ text: 'no id here' }),
      '[1,2,3]',
    ].join('\n');
    const { code, stdout } = await intake(['classify'], stdin);
    expect(code).toBe(0);
    const lines = stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({ id: null, line: 1, error: expect.any(String) });
    expect(lines[1]).toMatchObject({ id: 'no-text', line: 2, error: expect.stringMatching(/text/) });
    expect(lines[2]).toMatchObject({ id: 'ok', emergency: true });
    expect(lines[3]).toMatchObject({ id: null, line: 4, error: expect.any(String) });
    expect(lines[4]).toMatchObject({ id: null, line: 5 });
    expect(stdout).not.toMatch(/at \S+ \(|Error:/);
  });

  it('prints nothing for empty input and exits 0', async () => {
    const { code, stdout } = await intake(['classify'], '');
    expect(code).toBe(0);
    expect(stdout).toBe('');
  });

  it('refuses an unknown command with usage on stderr', async () => {
    const { code, stdout, stderr } = await intake(['frobnicate'], '');
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/usage: intake <command>/);
  });
});

import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { classify } from './classify.js';
import { ClassifyRequestSchema, type ClassifyResponse } from './types.js';

/** What one input line becomes: a result, or an error tied to the id (or line number). */
export type ClassifyLineResult = ClassifyResponse | { id: string | number | null; line: number; error: string };

/**
 * `intake classify`: JSON lines in, one JSON line out per input line (docs/contracts.md#intake-classify
 * contract). A bad line gives an `error` line for that id/line and processing goes on;
 * nothing but result lines is written to `output`.
 */
export function classifyLine(raw: string, line: number): ClassifyLineResult {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { id: null, line, error: 'invalid JSON' };
  }
  const parsed = ClassifyRequestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { id: idOf(json), line, error: `invalid input: ${where}${issue?.message ?? 'not a classify request'}` };
  }
  const { id, text, channel, priorComplaint, openCases } = parsed.data;
  try {
    const r = classify({ text, channel, priorComplaint, openCases });
    return { id, kind: r.kind, emergency: r.emergency, flags: r.flags, confidence: r.confidence, reasons: r.reasons };
  } catch (error) {
    // Never a stack trace on stdout: the message only.
    return { id, line, error: `could not classify: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function idOf(json: unknown): string | number | null {
  if (typeof json === 'object' && json !== null && 'id' in json) {
    const id = (json as { id: unknown }).id;
    if (typeof id === 'string' || typeof id === 'number') return id;
  }
  return null;
}

/** Streams `input` to `output`, line by line; resolves when input ends. Blank lines are skipped. */
export async function runClassify(input: Readable, output: Writable): Promise<{ lines: number; errors: number }> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  let errors = 0;
  let buffer = '';
  const flush = async (): Promise<void> => {
    if (buffer === '') return;
    const chunk = buffer;
    buffer = '';
    if (!output.write(chunk)) await new Promise<void>((resolve) => output.once('drain', resolve));
  };
  for await (const raw of rl) {
    lineNo++;
    if (raw.trim() === '') continue;
    const result = classifyLine(raw, lineNo);
    if ('error' in result) errors++;
    buffer += `${JSON.stringify(result)}\n`;
    if (buffer.length > 64 * 1024) await flush();
  }
  await flush();
  return { lines: lineNo, errors };
}

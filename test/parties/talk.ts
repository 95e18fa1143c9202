import type { Customer } from '../dialogs/harness.js';

/** Send one message as the customer and return what the bot said back, in order (free-form transcripts). */
export async function talk(c: Customer, text: string): Promise<string[]> {
  await c.adapter.receiveActivity(text);
  const said = c.adapter.activeQueue.splice(0).map((a) => a.text ?? '');
  for (const line of said) {
    const match = /\b(CMP|FTF|ENQ|EMG)-\d{4}-\d{6}\b/.exec(line);
    if (match) c.reference = match[0];
  }
  return said;
}

/** A conversation, line by line, with everything the bot said back to each. */
export async function conversation(c: Customer, lines: readonly string[]): Promise<string[][]> {
  const replies: string[][] = [];
  for (const line of lines) replies.push(await talk(c, line));
  return replies;
}

/** Answers a representative gives, by the question asked (the bot's words, as people read them). */
export type Script = readonly (readonly [RegExp, string])[];

/** Talk until the bot asks nothing the script answers; everything it said, in order. */
export async function drive(c: Customer, first: string, script: Script): Promise<string[]> {
  const all: string[] = [];
  let replies = await talk(c, first);
  all.push(...replies);
  for (let i = 0; i < 30; i++) {
    const last = replies.at(-1) ?? '';
    const answer = script.find(([question]) => question.test(last));
    if (!answer) break;
    replies = await talk(c, answer[1]);
    all.push(...replies);
  }
  return all;
}

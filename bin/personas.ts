/**
 * npm run personas [-- --channel sms|directline|messenger] [--lang en|pl|cy|ar|ur] [--id <persona>] [--transcripts]
 *
 * --transcripts adds each conversation, as the customer saw it, to every persona listed.
 *
 * Runs the simulated customers of test/conversations (issues #11, #21) against the whole
 * gateway (real Redis at TEST_REDIS_URL or 127.0.0.1:6379, in-memory PGlite, the Twilio,
 * Graph and Slack fakes, the official Direct Line client) and prints JSON: the share who
 * reach their goal, the median number of messages it took them, per channel and language,
 * and each failing customer with the bot's last message and the reasons.
 */
import type { Outcome } from '../test/conversations/run.js';
import { runPersona } from '../test/conversations/run.js';
import { cast } from '../test/conversations/cast.js';
import { startWorld } from '../test/conversations/world.js';
import { botWords } from '../test/webchat-e2e/helpers.js';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? undefined : process.argv[at + 1];
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Figures {
  personas: number;
  reachedGoal: number;
  /** Reached the goal with nothing else wrong (no loop, nothing dropped, details kept). */
  passed: number;
  shareReachingGoal: number;
  sharePassing: number;
  medianMessagesToGoal: number | null;
}

function figures(outcomes: readonly Outcome[]): Figures {
  const reached = outcomes.filter((o) => o.reached);
  const passed = outcomes.filter((o) => o.reasons.length === 0);
  const share = (n: number) => (outcomes.length === 0 ? 0 : Math.round((n / outcomes.length) * 1000) / 1000);
  return {
    personas: outcomes.length,
    reachedGoal: reached.length,
    passed: passed.length,
    shareReachingGoal: share(reached.length),
    sharePassing: share(passed.length),
    medianMessagesToGoal: median(reached.map((o) => o.messagesToGoal ?? 0)),
  };
}

function groupBy(outcomes: readonly Outcome[], key: (o: Outcome) => string): Record<string, Figures> {
  const groups = new Map<string, Outcome[]>();
  for (const o of outcomes) groups.set(key(o), [...(groups.get(key(o)) ?? []), o]);
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, list]) => [k, figures(list)]));
}

async function main(): Promise<number> {
  const channel = option('channel');
  const lang = option('lang');
  const id = option('id');
  const chosen = cast.filter(
    (p) => (!channel || p.channel === channel) && (!lang || p.lang === lang) && (!id || p.id === id),
  );
  if (chosen.length === 0) {
    process.stderr.write('no personas match\n');
    return 2;
  }
  const words = await botWords();
  const world = await startWorld();
  const outcomes: Outcome[] = [];
  try {
    // One lane per channel: conversations are independent, as real customers are.
    const lanes = new Map<string, typeof chosen>();
    for (const p of chosen) lanes.set(p.channel, [...(lanes.get(p.channel) ?? []), p]);
    await Promise.all(
      [...lanes.values()].map(async (lane) => {
        for (const persona of lane) {
          try {
            outcomes.push(await runPersona(world, words, persona));
          } catch (error) {
            outcomes.push({
              id: persona.id,
              channel: persona.channel,
              lang: persona.lang,
              story: persona.story,
              goal: persona.goal.reach,
              reached: false,
              messagesToGoal: null,
              reasons: [`the run failed: ${error instanceof Error ? error.message : String(error)}`],
              lastBot: '',
              transcript: [],
              unaccounted: [],
            });
          }
        }
      }),
    );
  } finally {
    await world.close();
  }
  const order = new Map(chosen.map((p, i) => [p.id, i]));
  outcomes.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  const report = {
    ...figures(outcomes),
    byChannel: groupBy(outcomes, (o) => o.channel),
    byLanguage: groupBy(outcomes, (o) => o.lang),
    byGoal: groupBy(outcomes, (o) => o.goal),
    passing: outcomes
      .filter((o) => o.reasons.length === 0)
      .map((o) => ({
        id: o.id,
        messagesToGoal: o.messagesToGoal,
        ...(process.argv.includes('--transcripts') ? { transcript: o.transcript } : {}),
      })),
    failing: outcomes
      .filter((o) => o.reasons.length > 0)
      .map((o) => ({
        id: o.id,
        reachedGoal: o.reached,
        reasons: o.reasons,
        lastBot: o.lastBot,
        ...(process.argv.includes('--transcripts') ? { transcript: o.transcript } : {}),
      })),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

import { afterAll, beforeAll, it } from 'vitest';
import { botWords, type BotWords } from '../webchat-e2e/helpers.js';
import { cast } from './cast.js';
import { runPersona } from './run.js';
import { startWorld, type ChannelName, type World } from './world.js';

/** A whole conversation is up to fourteen turns of the real bot and a few afterwards; generous for a busy machine. */
const perPersona = 150_000;

/**
 * One `it` per persona on the channel, against one running gateway, a few at a time. Each asserts the goal is
 * reached within its message budget, no question three turns running, and every message
 * accounted for (#21). A failing persona is a customer the bot fails today: the reasons
 * and the transcript are in the failure message.
 */
export function describePersonas(channel: ChannelName): void {
  let world: World;
  let words: BotWords;

  beforeAll(async () => {
    words = await botWords();
    world = await startWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  for (const persona of cast.filter((p) => p.channel === channel)) {
    // Customers write at the same time in real life; a few at once keeps the suite near a minute.
    it.concurrent(
      `${persona.id}: ${persona.story}`,
      async ({ expect }) => {
        const outcome = await runPersona(world, words, persona);
        expect(
          outcome.reasons,
          `${outcome.reasons.join('\n')}\n--- transcript ---\n${outcome.transcript.join('\n')}`,
        ).toEqual([]);
        expect(outcome.reached).toBe(true);
        expect(outcome.messagesToGoal).toBeLessThanOrEqual(persona.maxMessages ?? 14);
      },
      perPersona,
    );
  }
}

import { SlackStore } from '../../channels/slack/slack-store.js';
import type { Case, Message } from '../../src/db/rows.js';
import type { BotWords } from '../webchat-e2e/helpers.js';
import { referenceIn } from '../webchat-e2e/helpers.js';
import { waitFor } from '../helpers/redis.js';
import { retryMatcher, unaccounted, type AccountingProblem } from './accounted.js';
import { type Persona, shrug, topicOf, type Lang, type Topic } from './persona.js';
import { hasText, isPhoto, shownInSlack, type Said, type World } from './world.js';

/** What happened to one simulated customer. */
export interface Outcome {
  id: string;
  channel: Persona['channel'];
  lang: Lang;
  story: string;
  goal: Persona['goal']['reach'];
  /** The goal reached within the allowed number of messages. */
  reached: boolean;
  /** Customer messages it took to reach the goal (null when not reached). */
  messagesToGoal: number | null;
  /** Every reason the persona fails; empty when it passes. */
  reasons: string[];
  lastBot: string;
  transcript: string[];
  unaccounted: AccountingProblem[];
}

const localeOf: Record<Lang, string> = { en: 'en-GB', pl: 'pl-PL', cy: 'cy-GB', ar: 'ar', ur: 'ur-PK' };

const normalise = (text: string): string => text.normalize('NFKC').replace(/\s+/g, ' ').trim();

/**
 * A loop: the bot's last word on three turns in a row is the same question (a retry wording
 * counts as the question it restates). Returns the question when it finds one.
 */
export function loopIn(turns: readonly string[][], isRetry: (text: string) => boolean): string | undefined {
  let previous: string | undefined;
  let run = 0;
  for (const turn of turns) {
    const last = turn.at(-1);
    if (last === undefined) continue; // a silent turn (with a colleague) asks nothing
    const canonical = isRetry(last) && previous !== undefined ? previous : normalise(last);
    run = canonical === previous ? run + 1 : 1;
    previous = canonical;
    if (run >= 3) return canonical;
  }
  return undefined;
}

async function casesOf(world: World, conversationId: string): Promise<Case[]> {
  return world.gateway.db.query<Case>('select * from cases where conversation_id = $1 order by created_at, reference', [
    conversationId,
  ]);
}

export async function runPersona(world: World, words: BotWords, persona: Persona): Promise<Outcome> {
  const max = persona.maxMessages ?? 14;
  const customer = world.customer(persona.channel, localeOf[persona.lang]);
  const queue: Said[] = [...persona.opening];
  const asked = new Map<Topic | 'otherwise', number>();
  const turns: string[][] = [];
  const transcript: string[] = [];
  const reasons: string[] = [];
  let sent = 0;
  let reachedAt: number | null = null;
  let seenOutbound = 0;
  const isRetry = retryMatcher(words.translator);
  const photoTurns: string[][] = [];
  let slackBeforeReport = 0;

  const botSince = async (): Promise<string[]> => {
    const all = (await customer.messages()).filter((m) => m.direction === 'outbound');
    const fresh = all.slice(seenOutbound).map((m) => m.text);
    seenOutbound = all.length;
    return fresh;
  };

  const pick = (topic: Topic | undefined): Said => {
    const given = topic ? persona.answers[topic] : undefined;
    const key = given === undefined ? 'otherwise' : topic!;
    const options =
      given === undefined ? (persona.otherwise ?? shrug[persona.lang]) : Array.isArray(given) ? given : [given];
    const n = asked.get(key) ?? 0;
    asked.set(key, n + 1);
    return options[Math.min(n, options.length - 1)]!;
  };

  const safetyAdvice =
    persona.goal.reach === 'safety'
      ? normalise(words.says(persona.lang, `emergency.advice.${persona.goal.advice}`))
      : '';
  const safetyAdviceEn =
    persona.goal.reach === 'safety' ? normalise(words.says('en', `emergency.advice.${persona.goal.advice}`)) : '';

  const goalReached = async (): Promise<boolean> => {
    const conversation = await customer.conversation();
    const messages = await customer.messages();
    const bot = messages.filter((m) => m.direction === 'outbound').map((m) => m.text);
    const goal = persona.goal;
    const handedOff = async (): Promise<boolean> => {
      const fresh = await world.gateway.store.getConversation(conversation.id);
      if (!fresh || fresh.handoff_state === 'bot') return false;
      // Shown to staff: a Slack thread for the conversation (or its case), posted by the handoff worker.
      const thread = await waitFor(
        async () => new SlackStore(world.gateway.store.db).latestSlackThreadForConversation(conversation.id),
        'the handoff in Slack',
        30_000,
      ).catch(() => undefined);
      return thread !== undefined;
    };
    if (goal.reach === 'person') return handedOff();
    if (goal.reach === 'reference') {
      const cases = await casesOf(world, conversation.id);
      const told = cases.some(
        (c) =>
          goal.kinds.includes(c.kind) &&
          bot.some((text) => referenceIn(text) === c.reference || text.includes(c.reference)),
      );
      return told || (goal.orPerson === true && (await handedOff()));
    }
    // Safety: the advice reaches the customer after the last thing they wrote to start with.
    const inbound = messages.filter((m) => m.direction === 'inbound' && m.kind === 'message');
    const report = inbound[persona.opening.length - 1];
    if (!report) return false;
    const after = messages.slice(messages.indexOf(report) + 1).filter((m) => m.direction === 'outbound');
    return after.some((m) => normalise(m.text).includes(safetyAdvice) || normalise(m.text).includes(safetyAdviceEn));
  };

  try {
    while (sent < max) {
      if (queue.length === 1) slackBeforeReport = world.slack.messages.length;
      const said = queue.length > 0 ? queue.shift()! : pick(topicOf(persona.lang, turns, isRetry));
      transcript.push(`> ${isPhoto(said) ? `[photo]${hasText(said) ? ` ${hasText(said)}` : ''}` : hasText(said)}`);
      await customer.send(said);
      sent += 1;
      const replies = await botSince();
      for (const r of replies) transcript.push(`< ${r}`);
      turns.push(replies);
      if (isPhoto(said)) photoTurns.push(replies);
      if (queue.length === 0 && (await goalReached())) {
        reachedAt = sent;
        break;
      }
      // Safety and handoff personas only say their opening: a colleague, not a script, answers them.
      if (queue.length === 0 && Object.keys(persona.answers).length === 0) break;
    }
    if (reachedAt === null && (await goalReached())) reachedAt = sent;
    if (reachedAt === null) reasons.push(`goal (${describeGoal(persona)}) not reached in ${sent} messages`);

    if (reachedAt !== null && persona.afterwards) {
      const { id } = await customer.conversation();
      const before = (await casesOf(world, id)).length;
      for (const said of persona.afterwards) {
        transcript.push(`> ${hasText(said)}`);
        await customer.send(said);
        for (const r of await botSince()) transcript.push(`< ${r}`);
      }
      const after = await casesOf(world, id);
      if (after.length > before)
        reasons.push(
          `"${persona.afterwards.map(hasText).join('", "')}" after the flow opened ${after
            .slice(before)
            .map((c) => c.reference)
            .join(', ')}`,
        );
    }

    const loop = loopIn(turns, isRetry);
    if (loop) reasons.push(`loop: the same question three turns running: "${loop.slice(0, 90)}"`);

    // #11 item 9: a photo is acknowledged, not met with "please choose one of these".
    if (photoTurns.some((replies) => replies.length > 0 && replies.every(isRetry)))
      reasons.push('the photo was answered only with the pending question again');

    const conversation = await customer.conversation();
    const cases = await casesOf(world, conversation.id);
    const messages = await customer.messages();
    // #11 item 5: a customer writing in a supported language is answered in it.
    const lastWords = messages.filter((m) => m.direction === 'outbound').at(-1)?.text ?? '';
    if (lastWords !== '' && !writtenIn(persona.lang, lastWords))
      reasons.push(`the bot's last message is not in ${persona.lang}: "${lastWords.slice(0, 60)}"`);

    if (persona.check && reachedAt !== null) {
      const customerRow = await world.gateway.store.findCustomerForConversation(conversation.id);
      const problem = await persona.check({
        cases,
        customer: customerRow,
        botSaid: messages.filter((m) => m.direction === 'outbound').map((m) => m.text),
        customerSaid: messages.filter((m) => m.direction === 'inbound').map((m) => m.text),
        photos: messages
          .filter((m: Message) => m.direction === 'inbound' && m.media.length > 0)
          .map((m) => ({ caseId: m.case_id })),
      });
      if (problem) reasons.push(problem);
    }

    // Let the handoff worker post what it will post before asking whether staff saw it.
    await customer.settled();
    await handoffsDone(world);
    const problems = await unaccounted({
      db: world.gateway.db,
      conversationId: conversation.id,
      slackTexts: world.slack.messages.map(shownInSlack),
      translator: words.translator,
    });
    for (const p of problems) reasons.push(`${p.problem}: "${p.text.slice(0, 70)}" — ${p.detail}`);

    // #11 item 7: danger reported in any state alerts the conversation's Slack thread with a mention.
    if (persona.goal.reach === 'safety') {
      const threads = await world.gateway.db.query<{ channel: string; thread_ts: string }>(
        `select t.channel, t.thread_ts from slack_threads t left join cases c on c.id = t.case_id where t.conversation_id = $1 or c.conversation_id = $1`,
        [conversation.id],
      );
      const ours = new Set(threads.map((t) => `${t.channel}/${t.thread_ts}`));
      const alerted = world.slack.messages
        .slice(slackBeforeReport)
        .some(
          (m) =>
            (ours.has(`${m.channel}/${m.threadTs ?? m.ts}`) || ours.has(`${m.channel}/${m.ts}`)) &&
            /<!here>|<!channel>|<@U/.test(shownInSlack(m)),
        );
      if (!alerted) reasons.push('the Slack thread was not alerted with a mention after the danger was reported');
    }

    return {
      id: persona.id,
      channel: persona.channel,
      lang: persona.lang,
      story: persona.story,
      goal: persona.goal.reach,
      reached: reachedAt !== null,
      messagesToGoal: reachedAt,
      reasons,
      lastBot: messages.filter((m) => m.direction === 'outbound').at(-1)?.text ?? '',
      transcript,
      unaccounted: problems,
    };
  } finally {
    customer.close();
  }
}

/**
 * Would a reader of `lang` take this message as written in it? Letters and small words only
 * that language uses, as a customer would notice at a glance.
 */
export function writtenIn(lang: Lang, text: string): boolean {
  switch (lang) {
    case 'en':
      return true;
    case 'ar':
      return /[\u0621-\u064a]/.test(text) && !/[ٹڈڑںےہھ]/.test(text);
    case 'ur':
      return /[ٹڈڑںےہھ]/.test(text);
    case 'pl':
      return /[ąćęłńśźż]|\b(nie|jest|się|Pan|Pani|proszę|dziękuję|numer)\b/i.test(text);
    case 'cy':
      return /\b(eich|chi|ni|yw|yn|ydw|diolch|cyfeirnod|gyda|rydyn|byddwn)\b/i.test(text);
  }
}

/** The handoff queue has nothing waiting or running (delayed checks, minutes away, do not count). */
async function handoffsDone(world: World): Promise<void> {
  const queue = world.gateway.queues.queues.handoff;
  await waitFor(
    async () => {
      const counts = await queue.getJobCounts('waiting', 'active', 'prioritized');
      return Object.values(counts).every((n) => n === 0);
    },
    'the handoff queue to drain',
    20_000,
  ).catch(() => undefined);
}

function describeGoal(persona: Persona): string {
  const goal = persona.goal;
  if (goal.reach === 'reference')
    return `a ${[...new Set(goal.kinds)].join('/')} reference${goal.orPerson ? ' or a person' : ''}`;
  if (goal.reach === 'person') return 'a person (live handoff shown in Slack)';
  return `the ${goal.advice} safety advice after the report`;
}

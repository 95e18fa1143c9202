// Meta's channel ids, as the gateway registers them (app/channel-ids.ts): tests read conversations on any channel.
import '../../app/channel-ids.js';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, mkdirSync, copyFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationState, MemoryStorage, TestAdapter, type Activity, type TurnContext } from 'botbuilder-core';
import type { Redis } from 'ioredis';
import { expect } from 'vitest';
import { createBot } from '../../dialogs/index.js';
import { defaultLandlord, landlordVars } from '../../dialogs/landlord.js';
import type { ChoiceSpec } from '../../dialogs/speaker.js';
import { buildCore } from '../../app/core.js';
import type { CaseService } from '../../src/cases/case-service.js';
import { capabilitiesOf, type ChannelId } from '../../src/channel.js';
import { referencePattern, type CaseStore } from '../../src/db/case-store.js';
import type { Database } from '../../src/db/database.js';
import type { DocumentService } from '../../src/documents/document-service.js';
import { createTranslator, type Translator } from '../../src/i18n.js';
import { createLogger } from '../../src/logger.js';
import { loadCalendars, loadPolicyPack, type PolicyPackName } from '../../src/policy/index.js';
import { Queues } from '../../src/queues/queues.js';
import type { Bot } from '../../src/turn/turn-processor.js';
import { openTestDatabase, type Backend, type TestDatabase } from '../helpers/db.js';
import { everyConversationAccounted } from '../conversations/accounted.js';
import { jobId } from '../../src/queues/definitions.js';
import { deletePrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

/** Monday 30 November 2026, 10:00 in London: every transcript's "now" unless a test moves it. */
export const monday = new Date('2026-11-30T10:00:00Z');

/** The shipped bank-holiday snapshot only, so a developer's ./data file cannot change a date. */
export const calendars = loadCalendars('/nonexistent/bank-holidays.json');

export interface Clock {
  now: Date;
}

export interface Harness {
  t: TestDatabase;
  db: Database;
  store: CaseStore;
  queues: Queues;
  cases: CaseService;
  /** Letters and documents (sent only with `letters: true`). */
  documents: DocumentService;
  i18n: Translator;
  redis: Redis;
  prefix: string;
  clock: Clock;
  conversationState: ConversationState;
  bot: Bot;
  /** A customer on a channel, from an address: a TestAdapter whose turns run on stored messages, as the pipeline's do. */
  customer(channelId: ChannelId, from?: string): Customer;
  close(): Promise<void>;
}

export interface HarnessOptions {
  pack?: PolicyPackName;
  backend?: Backend;
  /** Locale files other than the repository's (to test a language whose translation has not landed yet). */
  localesDir?: string;
  /** The landlord's own wording (LOCALE_OVERRIDES_DIR). */
  overridesDir?: string;
  /** Cases send letters and the bot offers documents, as in the gateway. @defaultValue false: transcripts without them */
  letters?: boolean;
}

/** Where letter links point in transcripts. */
export const publicBaseUrl = 'https://homes.example';

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const t = await openTestDatabase(options.backend ?? 'pglite');
  const redis = testRedis();
  const prefix = uniquePrefix('dialogs');
  const queues = new Queues(redis, prefix);
  const i18n = await createTranslator({
    ...(options.localesDir ? { localesDir: options.localesDir } : {}),
    ...(options.overridesDir ? { overridesDir: options.overridesDir } : {}),
  });
  const clock: Clock = { now: monday };
  const logger = createLogger({ level: 'silent' });
  // The core as the composition root builds it (app/core.ts), on the test's clock.
  const { store, cases, documents } = buildCore({
    db: t.db,
    queues,
    translator: i18n,
    pack: loadPolicyPack(options.pack ?? 'code-2024'),
    calendars,
    logger,
    documentSecret: 'dialogs-harness-document-links',
    publicBaseUrl,
    landlord: landlordVars(defaultLandlord),
    now: () => clock.now,
    letters: options.letters ?? false,
  });
  const conversationState = new ConversationState(new MemoryStorage());
  const bot = createBot({ store, cases, conversationState, i18n, logger, now: () => clock.now });
  const harness: Harness = {
    t,
    db: t.db,
    store,
    queues,
    cases,
    documents,
    i18n,
    redis,
    prefix,
    clock,
    conversationState,
    bot,
    customer: (channelId, from) => new Customer(harness, channelId, from ?? addressFor(channelId)),
    async close() {
      try {
        // #21: every message a customer wrote in these tests is on a case, answered, or shown to staff.
        // No Slack here: a message is in front of staff when its conversation was handed to them
        // (the handoff card carries the transcript) or it was flagged to them (abuse).
        const problems = await everyConversationAccounted(t.db, [], async (message) => {
          const conversation = await store.getConversation(message.conversation_id);
          if (conversation && conversation.handoff_state !== 'bot') return true;
          return (await queues.queues.handoff.getJob(jobId('flag', message.conversation_id, message.id))) !== undefined;
        });
        if (problems.length > 0)
          throw new Error(`messages not accounted for (#21):\n${JSON.stringify(problems, null, 2)}`);
      } finally {
        await queues.close();
        await deletePrefix(redis, prefix);
        redis.disconnect();
        await t.close();
      }
    },
  };
  return harness;
}

/** Photos a test sends as the channels deliver them: `channelData.media`. */
function mediaOf(activity: Partial<Activity>): { url: string; contentType?: string }[] {
  const channelData: unknown = activity.channelData;
  if (
    typeof channelData !== 'object' ||
    channelData === null ||
    !('media' in channelData) ||
    !Array.isArray(channelData.media)
  )
    return [];
  return channelData.media.filter(
    (m): m is { url: string; contentType?: string } =>
      typeof m === 'object' && m !== null && 'url' in m && typeof m.url === 'string',
  );
}

let counter = 0;
function addressFor(channelId: ChannelId): string {
  counter += 1;
  return channelId === 'sms'
    ? `+4477009${String(Math.floor(Math.random() * 90000) + 10000)}`
    : `${channelId}-user-${counter}-${randomUUID().slice(0, 6)}`;
}

type Inspector = (activity: Partial<Activity>) => void;
type Vars = Record<string, string | number>;

/**
 * One customer talking on one channel. Expectations are built from the locale files, so
 * a test reads as what the customer is told, without copying the English.
 */
export class Customer {
  readonly adapter: TestAdapter;
  /** The last reference the bot gave this customer (CMP-…, FTF-…, ENQ-…, EMG-…). */
  reference: string | undefined;

  constructor(
    readonly h: Harness,
    readonly channelId: ChannelId,
    readonly from: string,
  ) {
    this.adapter = new TestAdapter(
      async (context: TurnContext) => {
        await h.bot.run(context);
        await h.conversationState.saveChanges(context);
      },
      { channelId },
    );
    // Web chat sends its locale with every message; SMS carries none.
    this.adapter.locale = channelId === 'directline' ? 'en-US' : '';
    this.adapter.use(async (context, next) => {
      const activity = context.activity;
      if (activity.type === 'message') {
        const stored = await h.store.recordInbound({
          channelId,
          providerMessageId: `test-${randomUUID()}`,
          from,
          to: 'bot',
          text: activity.text ?? '',
          media: mediaOf(activity),
          ...(activity.locale ? { locale: activity.locale } : {}),
          receivedAt: h.clock.now.toISOString(),
        });
        const conversation = await h.store.getConversation(stored.conversationId);
        // As the pipeline builds it (activityFor): our ids, and the conversation's locale when the message has none.
        activity.id = stored.messageId;
        activity.conversation = { ...activity.conversation, id: stored.conversationId };
        activity.locale = activity.locale || conversation?.locale || undefined;
        // What the bot says is kept as the pipeline keeps it, so the "every message accounted
        // for" check (#21) can run over every dialog test when the harness closes.
        const said: Partial<Activity>[] = [];
        context.onSendActivities(async (_ctx, activities, send) => {
          said.push(...activities);
          return send();
        });
        await next();
        for (const reply of said) {
          if (reply.type !== 'message' || (reply.text ?? '') === '') continue;
          await h.store.recordOutbound({
            conversationId: stored.conversationId,
            channelId,
            author: 'bot',
            text: reply.text ?? '',
            status: 'sent',
          });
        }
        return;
      }
      await next();
    });
  }

  lang = 'en';

  async conversationId(): Promise<string> {
    const [conversation] = await this.h.store.findConversation(this.channelId, this.from);
    if (!conversation) throw new Error('no conversation yet');
    return conversation.id;
  }

  /** A locale string as the bot says it on this channel (the `_sms` variant where choices are numbered). */
  text(key: string, vars: Vars = {}): string {
    const numbered = capabilitiesOf(this.channelId).choices === 'numbered';
    return this.h.i18n.t(this.lang, key, {
      ...landlordVars(defaultLandlord),
      ...vars,
      ...(numbered ? { context: 'sms' } : {}),
    });
  }

  word(key: string): string {
    return this.h.i18n.t(this.lang, key);
  }

  date(date: Date): string {
    return this.h.i18n.formatDate(date, this.lang);
  }

  says(key: string, vars: Vars = {}): Inspector {
    const expected = this.text(key, vars);
    return (activity) => expect(activity.text).toBe(expected);
  }

  /** A question with choices: numbered lines on SMS, buttons on web chat. */
  asks(key: string, vars: Vars, choices: readonly ChoiceSpec[]): Inspector {
    const text = this.text(key, vars);
    const titles = choices.map((c) => c.title ?? this.h.i18n.t(this.lang, `${c.key ?? ''}.title`));
    if (capabilitiesOf(this.channelId).choices === 'numbered') {
      const expected = `${text}\n${titles.map((title, i) => `${i + 1} ${title}`).join('\n')}`;
      return (activity) => {
        expect(activity.text).toBe(expected);
        expect(activity.suggestedActions).toBeUndefined();
      };
    }
    return (activity) => {
      expect(activity.text).toBe(text);
      expect(activity.suggestedActions?.actions.map((a) => a.title)).toEqual(titles);
    };
  }

  /** A question asked again: why first, then the question itself in full (never a bare "Sorry"). */
  asksAgain(reasonKey: string, key: string, vars: Vars = {}, choices: readonly ChoiceSpec[] = []): Inspector {
    const question = choices.length > 0 ? this.asks(key, vars, choices) : this.says(key, vars);
    const reason = this.text(reasonKey);
    return (activity) => {
      expect(activity.text?.startsWith(`${reason}\n`)).toBe(true);
      question({ ...activity, text: activity.text?.slice(reason.length + 1) });
    };
  }

  /** Any reply; keeps a reference if it carries one. */
  capture(check?: Inspector): Inspector {
    return (activity) => {
      const match = referencePattern.exec(activity.text ?? '');
      if (match) this.reference = match[0];
      check?.(activity);
    };
  }

  contains(...parts: string[]): Inspector {
    return this.capture((activity) => {
      for (const part of parts) expect(activity.text).toContain(part);
    });
  }
}

/** A locales folder with the repository's files plus extra bundles: a language whose translation has not landed yet. */
export function localesWith(extra: Record<string, Record<string, unknown>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'locales-'));
  const source = new URL('../../locales/', import.meta.url);
  for (const lang of readdirSync(source)) {
    mkdirSync(join(dir, lang), { recursive: true });
    for (const file of readdirSync(new URL(`${lang}/`, source)))
      copyFileSync(new URL(`${lang}/${file}`, source), join(dir, lang, file));
  }
  for (const [lang, bundle] of Object.entries(extra)) {
    mkdirSync(join(dir, lang), { recursive: true });
    writeFileSync(join(dir, lang, 'bot.json'), JSON.stringify(bundle));
  }
  return dir;
}

/**
 * npm run chat [-- --channel sms|directline] [--from <address>]
 *
 * Talk to the bot as a customer, in the terminal, on the embedded defaults: the real
 * dialogs, case store (PGlite under DATA_DIR, or DATABASE_URL) and queues (Redis found as
 * `npm start` finds it). Each line you type is stored as an inbound message and run
 * through one turn, as the turn pipeline would; the bot's replies are printed, choices
 * as numbered lines (SMS) or [buttons] (web chat). Ctrl-D or Ctrl-C to leave.
 * /bot hands a conversation that was handed off back to the bot (as staff would).
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { ConversationState, MemoryStorage } from 'botbuilder-core';
import { createBot } from '../dialogs/index.js';
import { CaseService } from '../src/cases/case-service.js';
import { ChannelIdSchema, type ChannelId } from '../src/channel.js';
import { loadConfig } from '../src/config.js';
import { CaseStore } from '../src/db/case-store.js';
import { openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { ConfigError } from '../src/errors.js';
import { createTranslator } from '../src/i18n.js';
import { createLogger } from '../src/logger.js';
import { Outbox } from '../src/outbox.js';
import { loadCalendars, loadPolicyPack } from '../src/policy/index.js';
import { Queues } from '../src/queues/queues.js';
import { connectRedis, resolveRedis } from '../src/redis.js';
import { GatewayAdapter } from '../src/turn/gateway-adapter.js';
import { activityFor } from '../src/turn/turn-processor.js';

const usage = 'usage: npm run chat -- [--channel sms|directline] [--from <address>]';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? undefined : process.argv[at + 1];
}

async function main(): Promise<number> {
  const channelArg = ChannelIdSchema.safeParse(option('channel') ?? 'sms');
  if (!channelArg.success || !['sms', 'directline', 'whatsapp', 'messenger'].includes(channelArg.data)) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const channelId: ChannelId = channelArg.data;
  const from = option('from') ?? (channelId === 'sms' ? '+447700900123' : `chat-${randomUUID().slice(0, 8)}`);

  const config = loadConfig();
  // Logs would drown the conversation; warnings and worse still show.
  const logger = createLogger({ level: 'warn' });
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  await migrate(db);
  const resolved = await resolveRedis({ url: config.REDIS_URL, dataDir: config.DATA_DIR, logger });
  const redis = connectRedis(resolved.url);
  redis.on('error', () => undefined);
  const prefix = 'chat';
  const store = new CaseStore(db);
  const queues = new Queues(redis, prefix);
  const translator = await createTranslator(config.LOCALE_OVERRIDES_DIR ? { overridesDir: config.LOCALE_OVERRIDES_DIR } : {});
  const cases = new CaseService({
    store,
    queues,
    outbox: new Outbox(store, queues),
    pack: loadPolicyPack(config.POLICY_PACK),
    calendars: loadCalendars(`${config.DATA_DIR}/bank-holidays.json`),
    translator,
    logger,
  });
  const conversationState = new ConversationState(new MemoryStorage());
  const bot = createBot({ store, cases, conversationState, i18n: translator, logger, tenancyRefPattern: config.LANDLORD_TENANCY_REF_PATTERN });
  const adapter = new GatewayAdapter();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await queues.close().catch(() => undefined);
      await redis.quit().catch(() => redis.disconnect());
      await resolved.stop();
      await db.close();
    })());

  process.stdout.write(`Talking to the bot on ${channelId} as ${from} (${config.POLICY_PACK}, ${db.kind}). Ctrl-D to leave.\n\n`);
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: 'you> ' });
  let n = 0;
  const turn = async (line: string): Promise<void> => {
    const stored = await store.recordInbound({
      channelId,
      providerMessageId: `chat-${Date.now()}-${n++}`,
      from,
      to: 'chat-bot',
      text: line,
      media: [],
      receivedAt: new Date().toISOString(),
    });
    let conversation = await store.getConversation(stored.conversationId);
    if (line.trim() === '/bot') {
      await store.setHandoff(stored.conversationId, 'bot', null);
      await store.setMessageStatus(stored.messageId, 'processed');
      process.stdout.write('(handed back to the bot)\n');
      return;
    }
    const message = await store.getMessage(stored.messageId);
    if (!conversation || !message) throw new Error('the message was not stored');
    if (conversation.handoff_state !== 'bot') {
      process.stdout.write('(a colleague has this conversation: your message would go to staff in Slack; /bot to hand it back)\n');
      await store.setMessageStatus(message.id, 'processed');
      return;
    }
    const replies = await adapter.processActivity(activityFor(conversation, message), async (context) => {
      await bot.run(context);
      await conversationState.saveChanges(context);
    });
    await store.setMessageStatus(message.id, 'processed');
    for (const reply of replies) {
      const buttons = channelId === 'sms' || reply.choices.length === 0 ? '' : `\n${reply.choices.map((c) => `[${c.title}]`).join(' ')}`;
      process.stdout.write(`bot> ${reply.text.replace(/\n/g, '\n     ')}${buttons}\n`);
    }
    conversation = await store.getConversation(stored.conversationId);
    if (conversation?.handoff_state === 'queued') process.stdout.write('(handed off: waiting for a colleague; /bot to hand back)\n');
  };

  let queue = Promise.resolve();
  rl.on('line', (line) => {
    queue = queue
      .then(() => (line.trim() === '' ? undefined : turn(line)))
      .catch((error: unknown) => {
        process.stderr.write(`error: ${(error as Error).message}\n`);
      })
      .finally(() => rl.prompt());
  });
  rl.prompt();
  await new Promise<void>((done) => {
    rl.on('close', () => done());
    // On a terminal readline takes Ctrl-C itself (and would only pause); elsewhere it is a signal.
    rl.on('SIGINT', () => rl.close());
    process.once('SIGINT', () => rl.close());
  });
  await queue;
  process.stdout.write('\nBye.\n');
  await close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `chat failed: ${(error as Error).message}\n`);
    process.exit(1);
  },
);

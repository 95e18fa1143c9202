/**
 * npm run chat [-- --channel sms|directline] [--from <address>]
 *
 * When a gateway is running (it answers http://localhost:$PORT/readyz), this talks to it
 * as a web chat customer over Direct Line, so the conversation and any case are the
 * gateway's own: two processes never open one embedded database.
 *
 * Otherwise, talk to the bot as a customer, in the terminal, on the embedded defaults: the real
 * dialogs, case store (PGlite in a folder of its own, DATA_DIR/chat, or DATABASE_URL) and queues (Redis found as
 * `npm start` finds it). Each line you type is stored as an inbound message and run
 * through one turn, as the turn pipeline would; the bot's replies are printed, choices
 * as numbered lines (SMS) or [buttons] (web chat). Ctrl-D or Ctrl-C to leave.
 * /bot hands a conversation that was handed off back to the bot (as staff would).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { z } from 'zod';
import { ConversationState, MemoryStorage } from 'botbuilder-core';
import { createBot } from '../dialogs/index.js';
import { ChannelIdSchema, type ChannelId } from '../src/channel.js';
import { channelLogRedaction, loadGatewayConfig } from '../app/config.js';
import { buildCore } from '../app/core.js';
import { openMigratedDatabase } from '../app/migrations.js';
import { landlordFrom } from '../src/config.js';
import { landlordVars } from '../src/landlord.js';
import { ConfigError } from '../src/errors.js';
import { createTranslator } from '../src/i18n.js';
import { createLogger } from '../src/logger.js';
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

  const config = loadGatewayConfig();
  const gateway = option('gateway') ?? `http://127.0.0.1:${config.PORT}`;
  const running = await probeGateway(gateway);
  if (running === 'ready') {
    if (option('channel') !== undefined && channelId !== 'directline') {
      process.stdout.write(
        `(a gateway is running: ${channelId} texts reach it only through the provider, so this is web chat)\n`,
      );
    }
    return chatOverDirectLine(gateway, option('from') ?? `chat-${randomUUID().slice(0, 8)}`);
  }
  if (running === 'not_ready') {
    process.stderr.write(`A gateway answers on ${gateway} but is not ready (see its /readyz); try again when it is.\n`);
    return 1;
  }
  // Logs would drown the conversation; warnings and worse still show.
  const logger = createLogger({ level: 'warn', redact: channelLogRedaction });
  // A folder of its own: a gateway started later must not find its embedded database taken.
  const { db } = await openMigratedDatabase({ url: config.DATABASE_URL, dataDir: `${config.DATA_DIR}/chat` });
  const resolved = await resolveRedis({ url: config.REDIS_URL, dataDir: config.DATA_DIR, logger });
  const redis = connectRedis(resolved.url);
  redis.on('error', () => undefined);
  const prefix = 'chat';
  const queues = new Queues(redis, prefix);
  const translator = await createTranslator(
    config.LOCALE_OVERRIDES_DIR ? { overridesDir: config.LOCALE_OVERRIDES_DIR } : {},
  );
  // The core as the gateway builds it (app/core.ts); nothing is sent from here, so no letters.
  const { store, cases } = buildCore({
    db,
    queues,
    translator,
    pack: loadPolicyPack(config.POLICY_PACK),
    calendars: loadCalendars(`${config.DATA_DIR}/bank-holidays.json`),
    logger,
    documentSecret: randomBytes(32).toString('hex'),
    publicBaseUrl: config.PUBLIC_BASE_URL,
    landlord: landlordVars(landlordFrom(config)),
    letters: false,
  });
  const conversationState = new ConversationState(new MemoryStorage());
  const bot = createBot({
    store,
    cases,
    conversationState,
    i18n: translator,
    logger,
    tenancyRefPattern: config.LANDLORD_TENANCY_REF_PATTERN,
  });
  const adapter = new GatewayAdapter();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await queues.close().catch(() => undefined);
      await redis.quit().catch(() => redis.disconnect());
      await resolved.stop();
      await db.close();
    })());

  process.stdout.write(
    `Talking to the bot on ${channelId} as ${from} (${config.POLICY_PACK}, ${db.kind}). Ctrl-D to leave.\n\n`,
  );
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
      process.stdout.write(
        '(a colleague has this conversation: your message would go to staff in Slack; /bot to hand it back)\n',
      );
      await store.setMessageStatus(message.id, 'processed');
      return;
    }
    const replies = await adapter.processActivity(activityFor(conversation, message), async (context) => {
      await bot.run(context);
      await conversationState.saveChanges(context);
    });
    await store.setMessageStatus(message.id, 'processed');
    for (const reply of replies) {
      const buttons =
        channelId === 'sms' || reply.choices.length === 0
          ? ''
          : `\n${reply.choices.map((c) => `[${c.title}]`).join(' ')}`;
      process.stdout.write(`bot> ${reply.text.replace(/\n/g, '\n     ')}${buttons}\n`);
    }
    conversation = await store.getConversation(stored.conversationId);
    if (conversation?.handoff_state === 'queued')
      process.stdout.write('(handed off: waiting for a colleague; /bot to hand back)\n');
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

/** Is a gateway answering there? Any answer from its /readyz says one is running. */
async function probeGateway(base: string): Promise<'ready' | 'not_ready' | 'none'> {
  try {
    const response = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2_000) });
    const body: unknown = await response.json().catch(() => undefined);
    if (!z.object({ checks: z.record(z.string(), z.string()) }).safeParse(body).success) return 'none';
    return response.status === 200 ? 'ready' : 'not_ready';
  } catch {
    return 'none';
  }
}

const TokenSchema = z.object({ token: z.string().min(1) });
const ConversationSchema = z.object({
  conversationId: z.string().min(1),
  token: z.string().min(1),
  streamUrl: z.string().url(),
});
const FrameSchema = z.object({
  activities: z.array(
    z.object({
      type: z.string(),
      text: z.string().optional(),
      from: z.object({ role: z.string().optional() }),
      suggestedActions: z.object({ actions: z.array(z.object({ title: z.string() })) }).optional(),
    }),
  ),
});

/** Talk to a running gateway as a web chat customer: the page's token route, then Direct Line 3.0. */
async function chatOverDirectLine(base: string, from: string): Promise<number> {
  const tokenResponse = await fetch(`${base}/webchat/token`, { method: 'POST' });
  if (!tokenResponse.ok) throw new Error(`the gateway refused a web chat token (${tokenResponse.status})`);
  const { token } = TokenSchema.parse(await tokenResponse.json());
  const started = await fetch(`${base}/v3/directline/conversations`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!started.ok) throw new Error(`the gateway refused a conversation (${started.status})`);
  const conversation = ConversationSchema.parse(await started.json());
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: 'you> ' });
  const socket = new WebSocket(conversation.streamUrl);
  socket.on('message', (data: WebSocket.RawData) => {
    const text = data.toString();
    if (text === '') return;
    const frame = FrameSchema.safeParse(JSON.parse(text));
    if (!frame.success) return;
    for (const activity of frame.data.activities) {
      if (activity.type !== 'message' || activity.from.role !== 'bot') continue;
      const buttons = activity.suggestedActions
        ? `\n${activity.suggestedActions.actions.map((a) => `[${a.title}]`).join(' ')}`
        : '';
      process.stdout.write(`\rbot> ${(activity.text ?? '').replace(/\n/g, '\n     ')}${buttons}\n`);
      rl.prompt();
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  socket.on('close', (code) => {
    if (code === 1001) process.stdout.write('\n(the gateway is shutting down)\n');
    rl.close();
  });
  process.stdout.write(
    `Talking to the gateway at ${base} over web chat (Direct Line) as ${from}. Ctrl-D to leave.\n\n`,
  );
  let queue = Promise.resolve();
  rl.on('line', (line) => {
    queue = queue.then(async () => {
      if (line.trim() === '') return;
      const posted = await fetch(`${base}/v3/directline/conversations/${conversation.conversationId}/activities`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${conversation.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'message', from: { id: from }, text: line }),
      });
      if (!posted.ok) process.stderr.write(`(not delivered: the gateway answered ${posted.status}; try again)\n`);
    });
  });
  rl.prompt();
  await new Promise<void>((done) => {
    rl.on('close', () => done());
    rl.on('SIGINT', () => rl.close());
    process.once('SIGINT', () => rl.close());
  });
  await queue.catch(() => undefined);
  socket.close(1000);
  process.stdout.write('\nBye.\n');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      error instanceof ConfigError ? `${error.message}\n` : `chat failed: ${(error as Error).message}\n`,
    );
    process.exit(1);
  },
);

import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Redis } from 'ioredis';
import { publicCommentOrigin } from '../channels/meta/index.js';
import { createBot } from '../dialogs/index.js';
import { landlordVars } from '../src/landlord.js';
import { slaProcessor, type CaseService } from '../src/cases/case-service.js';
import { landlordFrom } from '../src/config.js';
import type { CaseStore, OutboundStatusChange } from '../src/db/case-store.js';
import type { Database } from '../src/db/database.js';
import type { Conversation, Message } from '../src/db/rows.js';
import { DeliveryQueue, smtpMailer, startDeliveryWorker, type DeliveryService } from '../src/delivery/index.js';
import { documentsRouter, type DocumentService } from '../src/documents/index.js';
import { createTranslator } from '../src/i18n.js';
import { MediaStore, mediaRouter } from '../src/media/index.js';
import { sharedKindModel } from '../src/triage/index.js';
import { createLogger, type Logger } from '../src/logger.js';
import { Metrics } from '../src/observability/metrics.js';
import type { Outbox } from '../src/outbox.js';
import { coverageWarning, loadCalendars, loadPolicyPack } from '../src/policy/index.js';
import { queueNames } from '../src/queues/definitions.js';
import { Queues } from '../src/queues/queues.js';
import type { Processors, WorkerSettings } from '../src/queues/workers.js';
import { connectRedis, requestRedisOptions, resolveRedis, untilReady, type ResolvedRedis } from '../src/redis.js';
import { RecoverySweep } from '../src/recovery.js';
import { RetentionSweep } from '../src/data-protection/retention.js';
import { buildChannels } from './channels.js';
import { channelLogRedaction, channelsOn, type GatewayConfig } from './config.js';
import { conversationWork, startWorkers } from './conversation-work.js';
import { buildCore } from './core.js';
import { openMigratedDatabase } from './migrations.js';
import { countedDatabase } from '../src/db/counted.js';
import { startWeb, type Web } from './web.js';
import type { StepService } from '../src/cases/steps.js';
import { buildReports } from './reports.js';

export type Role = 'all' | 'web' | 'worker';

export interface GatewayOptions {
  config: GatewayConfig;
  role?: Role;
  logger?: Logger;
  /** Key prefix for queues, state and locks in Redis (tests isolate themselves with it). @defaultValue 'gw' */
  redisPrefix?: string;
  /** Postgres only: the schema to use (tests). */
  databaseSchema?: string;
  /** PGlite only: start from a migrated template (tests). */
  pgliteTemplate?: Blob;
  worker?: Partial<Omit<WorkerSettings, 'connection' | 'logger' | 'metrics'>>;
  /**
   * How often the recovery sweep queues messages stored but never queued (Redis was down
   * when they came in) or whose job was lost. @defaultValue 30000
   */
  recoverySweepMs?: number;
  /** A pending message younger than this is left to its own job. @defaultValue 20000 */
  recoveryGraceMs?: number;
  /**
   * How often the retention schedule anonymises expired records (worker role; issue 16).
   * 0 turns it off (tests). @defaultValue 21600000 (six hours)
   */
  retentionSweepMs?: number;
  /**
   * How long a case's letter email and the notice that goes with it wait for each other, to
   * go as one email (src/delivery/delivery-service.ts). @defaultValue 60000
   */
  letterWaitMs?: number;
  /**
   * Shutdown: how long the port stays open answering /readyz 503 so a load balancer
   * drains this node (longer if jobs in flight take longer). @defaultValue 5000
   */
  drainMs?: number;
  /** Shutdown: jobs still running after this are left to another worker (their lock expires). @defaultValue 20000 */
  shutdownTimeoutMs?: number;
}

export interface Gateway {
  readonly config: GatewayConfig;
  readonly url: string;
  readonly port: number;
  readonly store: CaseStore;
  readonly queues: Queues;
  readonly cases: CaseService;
  /** Staff-recorded steps that meet clocks, and remedies. */
  readonly steps: StepService;
  /** Letters and information documents in the customer's format; served at /documents/:token. */
  readonly documents: DocumentService;
  readonly outbox: Outbox;
  /** Notices and letters by the customer's contact method (src/delivery). */
  readonly delivery: DeliveryService;
  readonly deliveryQueue: DeliveryQueue;
  readonly redis: Redis;
  readonly db: Database;
  readonly logger: Logger;
  readonly metrics: Metrics;
  close(): Promise<void>;
}

const delay = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms).unref());

/** The web chat secret: DIRECTLINE_SECRET, else one made once and kept under DATA_DIR so tokens survive a restart. */
function directLineSecret(config: GatewayConfig): string {
  if (config.DIRECTLINE_SECRET) return config.DIRECTLINE_SECRET;
  const dir = resolve(config.DATA_DIR);
  const file = resolve(dir, 'directline-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * The composition root: the only place that knows every part. src/ never imports
 * channels/ or dialogs/; this wires them together for the role asked for, in steps:
 * Redis and the migrated database (app/migrations.ts), the core (app/core.ts), the
 * channels (app/channels.ts), the web server (app/web.ts; web role), and the workers
 * (app/conversation-work.ts, plus the SLA and Slack handoff queues and the recovery
 * sweep; worker role). The test harnesses and bin/chat.ts reuse the same steps.
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const { config } = options;
  const role = options.role ?? 'all';
  const logger = options.logger ?? createLogger({ level: config.LOG_LEVEL, redact: channelLogRedaction });
  const metrics = new Metrics();
  const prefix = options.redisPrefix ?? 'gw';
  const cleanups: (() => Promise<void>)[] = [];
  let closing: Promise<void> | undefined;
  const cleanup = async () => {
    for (const fn of cleanups.reverse())
      await fn().catch((e: unknown) => logger.warn({ err: (e as Error).message }, 'shutdown step failed'));
  };

  try {
    const landlord = landlordFrom(config);
    const webSecret = directLineSecret(config);
    const pack = loadPolicyPack(config.POLICY_PACK);
    const calendars = loadCalendars(resolve(config.DATA_DIR, 'bank-holidays.json'));
    const warning = coverageWarning(calendars, new Date());
    if (warning) logger.warn(warning);

    const resolvedRedis: ResolvedRedis = await resolveRedis({
      url: config.REDIS_URL,
      dataDir: config.DATA_DIR,
      logger,
    });
    cleanups.push(() => resolvedRedis.stop());
    const redis = connectRedis(resolvedRedis.url);
    redis.on('error', (e) => logger.warn({ err: e.message }, 'redis connection error'));
    cleanups.push(async () => void (await redis.quit().catch(() => redis.disconnect())));
    // Requests are answered, never held: producers (a webhook storing and queueing a message)
    // and readiness use a connection that fails at once while Redis is away, so the provider
    // gets 503 and retries, instead of a webhook hanging until Redis returns.
    const requestRedis = connectRedis(resolvedRedis.url, requestRedisOptions);
    requestRedis.on('error', () => undefined);
    cleanups.push(async () => void (await requestRedis.quit().catch(() => requestRedis.disconnect())));
    await untilReady(requestRedis);

    const migrated = await openMigratedDatabase({
      url: config.DATABASE_URL,
      dataDir: config.DATA_DIR,
      schema: options.databaseSchema,
      loadDataDir: options.pgliteTemplate,
    });
    const { applied } = migrated;
    // Every statement counted for /metrics (gateway_db_statements_total).
    const db = countedDatabase(migrated.db, () => metrics.dbStatements.inc());
    cleanups.push(() => db.close());
    if (applied.length > 0) logger.info({ applied }, 'database migrated');

    const queues = new Queues(requestRedis, prefix);
    cleanups.push(() => queues.close());
    const translator = await createTranslator({
      ...(config.LOCALE_OVERRIDES_DIR ? { overridesDir: config.LOCALE_OVERRIDES_DIR } : {}),
      onPartialOverride: (key, languagesWithout) =>
        logger.warn(
          { key, languagesWithout },
          'the landlord rewords this in some languages only: customers in the others get the standard words',
        ),
    });
    // Email to customers who chose it, sent and retried by the delivery queue (docs/rules/delivery.md#email).
    const mailer =
      config.SMTP_URL && config.MAIL_FROM ? smtpMailer({ url: config.SMTP_URL, from: config.MAIL_FROM }) : null;
    if (mailer) cleanups.push(async () => mailer.close());
    const deliveryQueue = new DeliveryQueue({ connection: requestRedis, prefix });
    cleanups.push(() => deliveryQueue.close());
    const { store, outbox, intake, documents, cases, steps, delivery, printer } = buildCore({
      db,
      queues,
      translator,
      pack,
      calendars,
      logger,
      // Its own key, derived from the gateway's one stable secret, so every web node checks links alike.
      documentSecret: createHmac('sha256', webSecret).update('document-links').digest('hex'),
      publicBaseUrl: config.PUBLIC_BASE_URL,
      landlord: landlordVars(landlord),
      origins: [publicCommentOrigin],
      // Asking a customer on their own phone whether a representative may act for them (src/cases/parties.ts).
      ...(config.TWILIO_FROM ? { smsFrom: config.TWILIO_FROM } : {}),
      defaultDivision: config.UK_DIVISION,
      mailer,
      emailJobs: deliveryQueue,
      letterWaitMs: options.letterWaitMs ?? 60_000,
      printDir: resolve(config.DATA_DIR, 'print'),
      // A colleague's message to the customer is confirmed in its Slack thread with its delivery status, kept up to date.
      ...(channelsOn(config).slack
        ? {
            onOutboundStatus: async (change: OutboundStatusChange) => {
              if (!change.author.startsWith('staff:')) return;
              await queues.add(
                'handoff',
                { type: 'reply_status', conversationId: change.conversationId, messageId: change.messageId },
                { id: `reply-status-${change.messageId}-${change.status}` },
              );
            },
          }
        : {}),
    });
    // Customers' files (web chat uploads), behind links keyed like letters' from the one stable secret.
    const media = new MediaStore({
      db,
      secret: createHmac('sha256', webSecret).update('media-links').digest('hex'),
      publicBaseUrl: config.PUBLIC_BASE_URL,
    });

    // The landlord's report (route, Slack's /report, monthly summary) and the satisfaction survey.
    const reports = buildReports({
      config,
      db,
      store,
      outbox,
      queues,
      translator,
      pack,
      webSecret,
      redis: requestRedis,
      prefix,
      logger,
      landlordName: landlord.name,
    });

    // Step two: the channels the settings turn on.
    const { channels, directLine, slack } = await buildChannels({
      reports: reports.slack,
      config,
      db,
      store,
      outbox,
      cases,
      steps,
      queues,
      redis,
      requestRedis,
      translator,
      logger,
      landlord,
      webSecret,
      media,
      prefix,
    });
    cleanups.push(() => directLine.close());

    let shuttingDown = false;
    let stopWorkers: (() => Promise<void>) | undefined;
    let stopSweep: (() => void) | undefined;
    let web: Web | undefined;
    let port = config.PORT;
    if (role !== 'worker') {
      web = await startWeb({
        logger,
        metrics,
        channelsOn: { ...channelsOn(config) },
        readiness: [
          { name: 'redis', check: async () => (await requestRedis.ping()) === 'PONG' },
          { name: 'database', check: () => db.ping() },
        ],
        isShuttingDown: () => shuttingDown,
        trustedProxies: config.TRUSTED_PROXIES,
        ...(config.METRICS_TOKEN === undefined ? {} : { metricsToken: config.METRICS_TOKEN }),
        beforeScrape: async () => {
          const depths = await queues.depths();
          for (const name of queueNames)
            for (const [state, n] of Object.entries(depths[name])) metrics.queueDepth.set({ queue: name, state }, n);
        },
        intake,
        channels: new Set(channels.values()),
        routes: async (app) => {
          // Letters and documents at their unguessable, expiring addresses (src/documents/route.ts).
          app.use(documentsRouter(documents));
          // Customers' files, for staff, at the same kind of address (src/media/route.ts).
          app.use(mediaRouter(media));
          // The complaints report for staff, behind signed links (src/reports/route.ts).
          app.use(reports.router);
          if (slack) {
            // Bolt's receiver parses its own body: the signature is checked over the raw bytes.
            const receiver = slack.receiver();
            if (receiver.router) app.use(receiver.router);
            await receiver.start();
            cleanups.push(() => receiver.stop());
          }
        },
        port: config.PORT,
        onServer: (server) => directLine.attachWebSockets(server),
      });
      port = web.port;
      cleanups.push(web.close);
    }

    if (role !== 'web') {
      // Train the triage model as soon as start-up is done, not on the first customer's message
      // (and without holding up /readyz while it trains).
      setImmediate(() => sharedKindModel());
      const conversation = conversationWork({
        store,
        queues,
        redis,
        channels,
        bot: (conversationState) =>
          createBot({
            store,
            cases,
            conversationState,
            i18n: translator,
            logger,
            landlord,
            tenancyRefPattern: config.LANDLORD_TENANCY_REF_PATTERN,
          }),
        logger,
        metrics,
        prefix,
        // While a colleague has the conversation the bot is quiet and the customer's words go
        // to the Slack thread (carrier keywords such as STOP were handled by beforeTurn first).
        ...(slack ? { whenHandedOff: (c: Conversation, m: Message) => slack.whenHandedOff(c, m) } : {}),
        // The customer sees the bot typing while their turn runs (web chat).
        whileTurnRuns: (c) => channels.get(c.channel_id)?.typing?.(c.address),
        // An answer to the satisfaction survey is taken before the dialogs (src/survey/).
        beforeBot: (c, m) => reports.surveys.answer(c, m),
      });
      const processors: Processors = {
        ...conversation.processors,
        sla: slaProcessor(cases),
        ...(slack ? { handoff: slack.handoffProcessor } : {}),
      };
      const workers = await startWorkers({
        redis,
        prefix,
        logger,
        metrics,
        processors,
        settings: {
          ...options.worker,
          onFinalFailure: conversation.onFinalFailure,
          // One process taking webhooks and running turns: a storm of webhooks is stored first
          // (providers answered), one turn at a time meanwhile; a worker-only process has no intake.
          ...(role === 'all' ? { yieldTo: () => intake.storming() } : {}),
        },
      });
      stopWorkers = () => workers.close();
      // Emails (retried through an SMTP outage) and the daily print run, on their own queue.
      const deliveryWorker = startDeliveryWorker({
        connection: redis.duplicate(),
        prefix,
        service: delivery,
        printer,
        logger,
      });
      cleanups.push(() => Promise.race([deliveryWorker.close(), delay(1_000)]));
      await deliveryWorker.waitUntilReady();
      await deliveryQueue.schedulePrintRun();
      // An email recorded while Redis was away has no job yet: queue it now (ids make a repeat harmless).
      await delivery
        .requeueWaitingEmails()
        .catch((error: unknown) => logger.warn({ err: (error as Error).message }, 'waiting emails not requeued'));
      stopWorkers = async () => {
        await Promise.all([workers.close(), deliveryWorker.close()]);
      };
      // Work left by a crash between storing and queueing, or stored while Redis was down, is
      // queued again: now, and every recoverySweepMs (job ids make a repeat harmless).
      const sweep = new RecoverySweep({
        store,
        queues,
        logger,
        graceMs: options.recoveryGraceMs ?? 20_000,
        everyMs: options.recoverySweepMs ?? 30_000,
      });
      await sweep
        .run({ graceMs: 0 })
        .catch((error: unknown) =>
          logger.warn({ err: (error as Error).message }, 'recovery sweep failed; will try again'),
        );
      sweep.start();
      const stopReports = reports.start(slack ? (h) => slack.postReportSummary(h) : undefined);
      stopSweep = () => {
        sweep.stop();
        stopReports();
      };
      // Normally already closed by close(); on a failed start-up, or past the shutdown bound, not waited on for long.
      cleanups.push(() => Promise.race([workers.close(), delay(1_000)]));
      cleanups.push(async () => stopSweep?.());
      // The retention schedule (docs/rules/data-protection.md#retention): at start, then every few hours.
      const retentionMs = options.retentionSweepMs ?? 6 * 3_600_000;
      if (retentionMs > 0) {
        const retention = new RetentionSweep({ db, pack, logger, everyMs: retentionMs });
        retention
          .run()
          .catch((error: unknown) =>
            logger.warn({ err: (error as Error).message }, 'retention sweep failed; will try again'),
          );
        retention.start();
        cleanups.push(() => retention.stop());
      }
    }

    const url = `http://127.0.0.1:${port}`;
    logger.info(
      { role, port, redis: resolvedRedis.source, database: db.kind, pack: pack.id, channels: channelsOn(config) },
      'gateway started',
    );
    return {
      config,
      url,
      port,
      store,
      queues,
      cases,
      steps,
      documents,
      outbox,
      delivery,
      deliveryQueue,
      redis,
      db,
      logger,
      metrics,
      close: () =>
        (closing ??= (async () => {
          // 1. /readyz answers 503 from now on (the port stays open for it) and web chats are
          //    told to reconnect elsewhere (1001, Going Away); new sockets are refused.
          shuttingDown = true;
          stopSweep?.();
          await directLine
            .close()
            .catch((e: unknown) => logger.warn({ err: (e as Error).message }, 'closing web chat sockets failed'));
          // 2. Jobs in flight finish, while the load balancer sees 503 and stops sending.
          const drainMs = options.drainMs ?? 5_000;
          const timeoutMs = options.shutdownTimeoutMs ?? 20_000;
          const finished = stopWorkers ? stopWorkers().then(() => true) : Promise.resolve(true);
          const inTime = await Promise.race([
            Promise.all([finished, delay(web ? drainMs : 0)]).then(() => true),
            delay(Math.max(timeoutMs, drainMs)).then(() => false),
          ]);
          if (!inTime)
            logger.warn(
              { timeoutMs },
              'jobs still running at the shutdown bound: another worker takes them over when their locks expire',
            );
          // 3. Then the port, Redis and the database.
          await cleanup();
        })()),
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

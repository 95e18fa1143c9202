import { createHmac } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Router } from 'express';
import type { SlackReports } from '../channels/slack/index.js';
import { surveyUnderstanding } from '../dialogs/survey-understanding.js';
import type { GatewayConfig } from './config.js';
import { reportChannelLabels } from './report-labels.js';
import type { CaseStore } from '../src/db/case-store.js';
import type { Database } from '../src/db/database.js';
import { SurveyRepository } from '../src/db/surveys.js';
import type { Translator } from '../src/i18n.js';
import type { Logger } from '../src/logger.js';
import type { Outbox } from '../src/outbox.js';
import type { PolicyPack } from '../src/policy/index.js';
import type { Queues } from '../src/queues/queues.js';
import { previousMonthOf, quarterOf } from '../src/reports/period.js';
import { reportLinkSigner, reportsRouter } from '../src/reports/route.js';
import { reportHeadline, type ReportHeadline } from '../src/reports/summary.js';
import { SurveyService } from '../src/survey/survey-service.js';
import { londonDateOf } from '../src/policy/index.js';

export interface ReportsOptions {
  config: GatewayConfig;
  db: Database;
  store: CaseStore;
  outbox: Outbox;
  queues: Queues;
  translator: Translator;
  pack: PolicyPack;
  /** The gateway's one stable secret: report links are signed with a key derived from it. */
  webSecret: string;
  /** Fails at once while Redis is away: the monthly summary's once-only mark. */
  redis: Redis;
  prefix: string;
  logger: Logger;
  landlordName: string;
  now?: () => Date;
}

export interface Reports {
  surveys: SurveyService;
  /** GET /reports/complaints (web role). */
  router: Router;
  /** Slack's `/report`. */
  slack: SlackReports;
  /**
   * Worker role: the survey sweep and the monthly summary, every `everyMs`. Several workers
   * may run it: a survey row is claimed once, and a month's summary is marked once in Redis.
   */
  start(postSummary: ((headline: ReportHeadline) => Promise<boolean>) | undefined, everyMs?: number): () => void;
  /** One round of what `start` repeats: the survey sweep, then the monthly summary if one is due. */
  runOnce(postSummary: ((headline: ReportHeadline) => Promise<boolean>) | undefined): Promise<void>;
}

/** Step of start-up: the report's route and Slack command, the satisfaction survey, their timers. */
export function buildReports(o: ReportsOptions): Reports {
  const now = o.now ?? (() => new Date());
  const secret = createHmac('sha256', o.webSecret).update('report-links').digest('hex');
  const signer = reportLinkSigner(secret, o.config.PUBLIC_BASE_URL, now);
  const homes = o.config.LANDLORD_HOMES;
  const surveys = new SurveyService({
    surveys: new SurveyRepository(o.db),
    store: o.store,
    outbox: o.outbox,
    queues: o.queues,
    translator: o.translator,
    understanding: surveyUnderstanding(o.translator),
    logger: o.logger,
    now,
  });
  const headline = async (title: string, period: ReturnType<typeof quarterOf>) =>
    homes === undefined
      ? 'No report: set LANDLORD_HOMES (the number of homes the landlord owns) first.'
      : reportHeadline({ db: o.db, pack: o.pack, period, homes, title, link: signer.link(period.from, period.to) });
  const slack: SlackReports = {
    channels: o.config.SLACK_REPORT_CHANNELS ?? [o.config.SLACK_ROUTES.seniorManagers],
    quarter: (at) => {
      const period = quarterOf(at);
      return headline(`Complaints this quarter, ${period.from} to ${londonDateOf(at)}`, period);
    },
  };
  const monthly = async (post: (headline: ReportHeadline) => Promise<boolean>) => {
    const at = now();
    // Early in the month only: a gateway first started mid-month does not post last month late.
    if (Number(londonDateOf(at).slice(8, 10)) > 7) return;
    const period = previousMonthOf(at);
    const key = `${o.prefix}:report:monthly:${period.from}`;
    if ((await o.redis.set(key, new Date().toISOString(), 'EX', 40 * 86_400, 'NX')) !== 'OK') return;
    const h = await headline(`Complaints in ${period.from.slice(0, 7)}: the monthly summary`, period);
    if (typeof h === 'string' || !(await post(h))) await o.redis.del(key);
  };
  const runOnce = async (postSummary: ((headline: ReportHeadline) => Promise<boolean>) | undefined) => {
    await surveys.sweep();
    if (postSummary) await monthly(postSummary);
  };
  return {
    surveys,
    slack,
    router: reportsRouter({
      db: o.db,
      pack: o.pack,
      homes,
      secret,
      ...(o.config.METRICS_TOKEN ? { bearerToken: o.config.METRICS_TOKEN } : {}),
      landlordName: o.landlordName,
      channelLabels: reportChannelLabels,
      now,
    }),
    runOnce,
    start(postSummary, everyMs = 10 * 60_000) {
      let running = false;
      const tick = async () => {
        if (running) return;
        running = true;
        try {
          await runOnce(postSummary);
        } catch (error) {
          o.logger.warn({ err: (error as Error).message }, 'survey sweep or monthly summary failed; will try again');
        } finally {
          running = false;
        }
      };
      const timer = setInterval(() => void tick(), everyMs);
      timer.unref();
      void tick();
      return () => clearInterval(timer);
    },
  };
}

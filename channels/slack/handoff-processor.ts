import type { RestrictionService } from '../../src/cases/restrictions.js';
import { reviewReminderBlocks } from './parties-modals.js';
import { UnrecoverableError, type Job } from 'bullmq';
import { ErrorCode, type WebAPIPlatformError } from '@slack/web-api';
import type { Redis } from 'ioredis';
import type { StaffActions } from '../../src/cases/staff-actions.js';
import type { JobSink } from '../../src/cases/sla-jobs.js';
import type { SlackRoutes } from './settings.js';
import type { SlackCoreStore } from './ports.js';
import type { Logger } from '../../src/logger.js';
import { withConversationLock } from '../../src/queues/conversation-lock.js';
import { jobId, type HandoffJob } from '../../src/queues/definitions.js';
import type { ProcessResult } from '../../src/queues/workers.js';
import { isEmergencyCase } from '../../src/cases/staff-actions.js';
import { loadCaseCard } from './case-card.js';
import type { SlackCards } from './cards.js';
import { changeNote } from './change-notes.js';
import type { Colleagues } from './colleagues.js';
import { escapeSlack, truncate } from './escape.js';
import { messageLine, transcriptBlocks } from './handoff-card.js';
import { actorMention, clockLabel, handoffReasonLabel, replyConfirmation, staffDate } from './labels.js';
import { peopleMarkup, routeForCase, routeForHandoff } from './routing.js';
import type { SlackStore, SlackThread } from './slack-store.js';

/** A live handoff for these reasons needs someone now, case or no case. */
const urgentReasons = new Set(['emergency', 'safeguarding']);

export interface HandoffProcessorOptions {
  cards: SlackCards;
  store: SlackCoreStore;
  slackStore: SlackStore;
  staff: StaffActions;
  queues: JobSink;
  redis: Redis;
  routes: SlackRoutes;
  logger: Logger;
  /** How long a live handoff waits for a colleague before the customer is told when to expect contact. */
  unclaimedAfterMs: number;
  /** SLACK_EMERGENCY_REALERT_SECONDS, in ms: how often an unclaimed emergency is raised again. */
  realertAfterMs: number;
  /** SLACK_ON_CALL: who is paged while an emergency waits. @defaultValue the channel's @here */
  onCall: readonly string[];
  /** Team leads, mentioned when a clock is missed (SLACK_TEAM_LEADS). */
  colleagues: Pick<Colleagues, 'leadMentions'>;
  /** @defaultValue 'gw:lock:slack:' */
  lockPrefix?: string;
  /** Contact restrictions, for their review reminders (issue 15 item 9). @defaultValue none: reminders are dropped */
  restrictions?: Pick<RestrictionService, 'reviewDue'>;
  /** @defaultValue 30000 */
  lockTtlMs?: number;
}

/** Slack answers these the same way however often we ask: retrying would only repeat the failure. */
const permanentSlackErrors = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_too_long',
  'no_text',
  'missing_scope',
]);

function isPlatformError(error: unknown): error is WebAPIPlatformError {
  return error instanceof Error && 'code' in error && error.code === ErrorCode.PlatformError;
}

/**
 * The handoff queue's processor: everything colleagues must see in Slack. Jobs about one
 * conversation (or one case without a conversation) run one at a time, like turns, so a
 * card is posted before anything goes in its thread and the customer's messages appear in
 * the order they were sent. Every post is keyed by its job, so a retry posts nothing twice.
 */
export function createHandoffProcessor(
  options: HandoffProcessorOptions,
): (payload: HandoffJob, job: Job) => Promise<ProcessResult> {
  const { cards, store, slackStore, staff, queues, routes, logger } = options;
  const lockPrefix = options.lockPrefix ?? 'gw:lock:slack:';

  async function lockKey(payload: HandoffJob): Promise<string> {
    if ('conversationId' in payload && payload.conversationId) return payload.conversationId;
    const caseId = 'caseId' in payload ? payload.caseId : null;
    if (!caseId) return 'nobody';
    const row = await store.getCase(caseId);
    return row?.conversation_id ?? caseId;
  }

  /** Page whoever is on call again, for an emergency nobody has claimed, after the interval. */
  async function scheduleRealert(
    target: { caseId: string | null; conversationId: string | null },
    round: number,
  ): Promise<void> {
    await queues.add(
      'handoff',
      { type: 'realert', caseId: target.caseId, conversationId: target.conversationId, round },
      {
        id: jobId('realert', target.caseId ?? target.conversationId ?? 'none', String(round)),
        delayMs: options.realertAfterMs,
      },
    );
  }

  async function caseThread(caseId: string): Promise<SlackThread | undefined> {
    const threads = await slackStore.listSlackThreadsForCase(caseId);
    return threads.at(-1) ?? (await cards.ensureCaseCard(caseId))?.thread;
  }

  async function caseCreated(caseId: string): Promise<void> {
    const ensured = await cards.ensureCaseCard(caseId);
    const row = await store.getCase(caseId);
    // Safety first (issue 11 item 7): a new emergency calls whoever is on call in its thread at once.
    if (ensured && row && isEmergencyCase(row) && row.status === 'open') {
      await cards.postOnce(
        `emergency-alert:${caseId}`,
        { channel: ensured.thread.channel, threadTs: ensured.thread.thread_ts },
        {
          text: `${onCallMention()} :rotating_light: *${row.reference}* is an emergency: the customer has had the safety advice. Claim it on the card.`,
        },
      );
    }
    // seed 001: made safe in 24 hours. An emergency nobody takes is raised again until someone does
    // (the first round's id is fixed, so a repeated job schedules it once).
    if (row && isEmergencyCase(row) && !row.assignee && row.status === 'open')
      await scheduleRealert({ caseId, conversationId: null }, 1);
  }

  async function caseUpdated(caseId: string, change: string, key: string): Promise<void> {
    // A new stage or kind may route the case to another channel (stage 2 to senior managers).
    const ensured = await cards.ensureCaseCard(caseId);
    if (!ensured) return;
    await cards.refreshCaseCards(caseId);
    const note = await changeNote(store, caseId, change);
    const thread = (await slackStore.listSlackThreadsForCase(caseId)).at(-1) ?? ensured.thread;
    if (note)
      await cards.postOnce(`note:${key}`, { channel: thread.channel, threadTs: thread.thread_ts }, { text: note });
  }

  /** The customer's messages while a colleague has the conversation, into its latest thread, in order. */
  async function relayCustomerMessages(conversationId: string): Promise<void> {
    for (const message of await slackStore.pendingSlackRelay(conversationId)) {
      let thread = await slackStore.latestSlackThreadForConversation(conversationId);
      if (!thread) {
        // Handed off before any card (e.g. queued while Slack was off): make one now.
        thread = await cards.postHandoffCard(
          `conversation-card:${conversationId}`,
          conversationId,
          'customer_asked',
          routeForHandoff(routes, 'customer_asked'),
        );
        if (!thread) return;
      }
      const line = messageLine(message);
      await cards.postOnce(
        `relay:${message.id}`,
        { channel: thread.channel, threadTs: thread.thread_ts },
        {
          text: line,
          blocks: [{ type: 'section', text: { type: 'mrkdwn', verbatim: true, text: truncate(line, 2900) } }],
        },
      );
      await slackStore.markSlackRelayed(message.id);
      if (thread.case_id) await store.attachMessageToCase(message.id, thread.case_id);
    }
  }

  async function handoffRequested(
    payload: Extract<HandoffJob, { type: 'handoff_requested' }>,
    key: string,
  ): Promise<void> {
    const conversation = await store.getConversation(payload.conversationId);
    if (!conversation) return;
    if (payload.caseId) {
      const ensured = await cards.ensureCaseCard(payload.caseId);
      // The card says the customer is waiting now, and its Claim button what they will be told.
      if (ensured && !ensured.posted) await cards.refreshCaseCards(payload.caseId);
      if (ensured) {
        const messages = await store.listMessages(conversation.id);
        const headline = `:raising_hand: *${handoffReasonLabel(payload.reason)}*`;
        // Broadcast, so the channel sees that someone is waiting, not only the thread.
        await cards.postOnce(
          `handoff:${key}`,
          {
            channel: ensured.thread.channel,
            threadTs: ensured.thread.thread_ts,
            broadcast: conversation.handoff_state === 'queued',
          },
          {
            text: `${handoffReasonLabel(payload.reason)}`,
            blocks: [
              { type: 'section', text: { type: 'mrkdwn', text: headline } },
              ...transcriptBlocks(messages).slice(0, 45),
            ],
          },
        );
        // A live chat made into a case: its card now links the case, where the conversation goes on.
        if (payload.reason === 'made_from_conversation') await cards.refreshConversationCards(conversation.id);
      }
    } else {
      const existing = await slackStore.getSlackPost(`handoff:${key}`);
      const thread = await cards.postHandoffCard(
        `handoff:${key}`,
        conversation.id,
        payload.reason,
        routeForHandoff(routes, payload.reason),
      );
      // A welfare concern with no case calls whoever is on call in the card's thread at once.
      if (thread && urgentReasons.has(payload.reason)) {
        await cards.postOnce(
          `handoff-alert:${key}`,
          { channel: thread.channel, threadTs: thread.thread_ts },
          {
            text: `${onCallMention()} :rotating_light: ${handoffReasonLabel(payload.reason)}: the customer has had the safety advice and is waiting. Claim it on the card.`,
          },
        );
      }
      // A welfare concern or an emergency with no case yet is raised again too, until someone takes the chat.
      if (!existing && conversation.handoff_state === 'queued' && urgentReasons.has(payload.reason)) {
        await scheduleRealert({ caseId: null, conversationId: conversation.id }, 1);
      }
    }
    // Only a customer waiting for a person is owed word when nobody comes; a flag for staff is not.
    if (conversation.handoff_state === 'queued') {
      await queues.add(
        'handoff',
        { type: 'unclaimed_check', conversationId: conversation.id, caseId: payload.caseId, reason: payload.reason },
        { id: jobId('unclaimed', key), delayMs: options.unclaimedAfterMs },
      );
    }
  }

  /**
   * An emergency written while a colleague has the conversation or it waits for one: the bot
   * gave the customer the safety advice; the thread where staff are is told at once, calling
   * the colleague who has it and whoever is on call, broadcast so the channel sees it too.
   */
  async function safetyAlert(payload: Extract<HandoffJob, { type: 'safety_alert' }>, key: string): Promise<void> {
    const conversation = await store.getConversation(payload.conversationId);
    if (!conversation) return;
    // Where colleagues are: the conversation's own card (a live chat), its latest thread, and the emergency's card.
    const candidates = [
      (await slackStore.listSlackThreadsForConversation(conversation.id)).at(-1),
      await slackStore.latestSlackThreadForConversation(conversation.id),
      payload.caseId ? (await cards.ensureCaseCard(payload.caseId))?.thread : undefined,
    ];
    const threads = candidates.filter(
      (t, i): t is SlackThread =>
        t !== undefined && candidates.findIndex((o) => o?.channel === t.channel && o.thread_ts === t.thread_ts) === i,
    );
    if (threads.length === 0) {
      const made = await cards.postHandoffCard(
        `conversation-card:${conversation.id}`,
        conversation.id,
        'emergency',
        routeForHandoff(routes, 'emergency'),
      );
      if (made) threads.push(made);
    }
    const message = await store.getMessage(payload.messageId);
    const row = payload.caseId ? await store.getCase(payload.caseId) : undefined;
    const who = [conversation.assignee ? actorMention(conversation.assignee) : '', onCallMention()]
      .filter((m) => m !== '')
      .join(' ');
    const words = message ? `\n>${escapeSlack(truncate(message.text, 300)).split('\n').join('\n>')}` : '';
    const hazard = payload.hazard ? ` (${escapeSlack(payload.hazard.replace(/_/g, ' '))})` : '';
    const reference = row ? ` Emergency case *${row.reference}*.` : '';
    for (const thread of threads) {
      await cards.postOnce(
        `safety:${key}:${thread.channel}:${thread.thread_ts}`,
        { channel: thread.channel, threadTs: thread.thread_ts, broadcast: true },
        {
          text: `${who} :rotating_light: *Emergency reported in this conversation*${hazard}. The assistant gave the customer the safety advice.${reference}${words}`,
        },
      );
    }
  }

  async function deliveryFailed(payload: Extract<HandoffJob, { type: 'delivery_failed' }>): Promise<void> {
    const thread = await slackStore.latestSlackThreadForConversation(payload.conversationId);
    if (!thread) {
      // No colleague is involved yet: the failure is on the message's status for whoever looks.
      logger.info(
        { conversationId: payload.conversationId, messageId: payload.messageId },
        'delivery failed; no Slack thread to show it in',
      );
      return;
    }
    const message = await store.getMessage(payload.messageId);
    const said = message ? `\n>${escapeSlack(truncate(message.text, 300)).split('\n').join('\n>')}` : '';
    await cards.postOnce(
      `failed:${payload.messageId}`,
      { channel: thread.channel, threadTs: thread.thread_ts },
      { text: `:warning: *Not delivered to the customer*: ${escapeSlack(truncate(payload.detail, 300))}${said}` },
    );
  }

  async function slaAlert(payload: Extract<HandoffJob, { type: 'sla_alert' }>, key: string): Promise<void> {
    const data = await loadCaseCard(store, slackStore, payload.caseId);
    if (!data) return;
    const clock = data.clocks.find((c) => c.name === payload.clock);
    const due = clock ? staffDate(new Date(clock.due_at)) : 'now';
    const who = data.case.assignee ? actorMention(data.case.assignee) : 'Nobody has claimed it';
    if (payload.alert === 'reminder') {
      const thread = await caseThread(payload.caseId);
      if (!thread) return;
      await cards.postOnce(
        `sla:${key}`,
        { channel: thread.channel, threadTs: thread.thread_ts },
        {
          text: `:alarm_clock: Reminder: *${clockLabel(payload.clock)}* for ${data.case.reference} is due *${due}*. ${who}.`,
        },
      );
      return;
    }
    // A breach goes to the team channel itself, where it cannot be missed in a thread, and
    // calls the team leads (and, for an emergency, whoever is on call).
    const route = routeForCase(routes, data.case);
    const ensured = await cards.ensureCaseCard(payload.caseId);
    await cards.refreshCaseCards(payload.caseId);
    const mentions = [options.colleagues.leadMentions(), isEmergencyCase(data.case) ? onCallMention() : '']
      .filter((m) => m !== '')
      .join(' ');
    const link = ensured?.thread.permalink ? ` <${ensured.thread.permalink}|Open the card>.` : '';
    await cards.postOnce(
      `sla:${key}`,
      { channel: route.channel },
      {
        text: `${mentions ? `${mentions} ` : ''}:rotating_light: *${data.case.reference}*: the *${clockLabel(payload.clock).toLowerCase()}* was due *${due}* and has been missed. ${who}.${link}`,
      },
    );
  }

  function onCallMention(): string {
    return options.onCall.length > 0 ? peopleMarkup(options.onCall) : '<!here>';
  }

  /**
   * An emergency still unclaimed after the interval: said again in its thread and to the
   * channel (broadcast), calling whoever is on call, with the make-safe deadline and where
   * to go; then again after the next interval, until someone claims it or it is closed.
   */
  async function realert(payload: Extract<HandoffJob, { type: 'realert' }>, key: string): Promise<void> {
    const waited = Math.round((payload.round * options.realertAfterMs) / 60_000);
    if (payload.caseId) {
      const data = await loadCaseCard(store, slackStore, payload.caseId);
      if (!data || data.case.status !== 'open' || data.case.assignee) return;
      const ensured = await cards.ensureCaseCard(payload.caseId);
      if (!ensured) return;
      const clock = data.clocks.find((c) => c.name === 'emergency_make_safe');
      const deadline = clock
        ? clock.status === 'breached' || new Date(clock.due_at).getTime() < Date.now()
          ? ` Make safe was due *${staffDate(new Date(clock.due_at))}*: it is overdue.`
          : ` Make safe by *${staffDate(new Date(clock.due_at))}*.`
        : '';
      const where =
        (await cards.cardData(payload.caseId, ensured.thread.channel))?.personal && data.customer?.postcode
          ? ` At *${escapeSlack(data.customer.postcode)}*.`
          : '';
      await cards.postOnce(
        `realert:${key}`,
        { channel: ensured.thread.channel, threadTs: ensured.thread.thread_ts, broadcast: true },
        {
          text: `${onCallMention()} :rotating_light: *${data.case.reference}* (emergency) is still unclaimed after ${waited} minutes.${deadline}${where} Claim it on the card.`,
        },
      );
      await scheduleRealert({ caseId: payload.caseId, conversationId: null }, payload.round + 1);
      return;
    }
    if (!payload.conversationId) return;
    const conversation = await store.getConversation(payload.conversationId);
    if (!conversation || conversation.handoff_state !== 'queued' || conversation.assignee) return;
    const thread = await slackStore.latestSlackThreadForConversation(conversation.id);
    if (!thread) return;
    await cards.postOnce(
      `realert:${key}`,
      { channel: thread.channel, threadTs: thread.thread_ts, broadcast: true },
      {
        text: `${onCallMention()} :rotating_light: ${handoffReasonLabel(thread.reason ?? 'emergency')}: the customer is still waiting after ${waited} minutes. Claim it on the card.`,
      },
    );
    await scheduleRealert({ caseId: null, conversationId: conversation.id }, payload.round + 1);
  }

  /**
   * A colleague's message to the customer, confirmed in the thread it was written from,
   * then kept up to date as the provider reports it (sent, delivered, not delivered).
   */
  async function replyStatus(payload: Extract<HandoffJob, { type: 'reply_status' }>): Promise<void> {
    const message = await store.getMessage(payload.messageId);
    if (!message || message.direction !== 'outbound' || !message.author.startsWith('staff:')) return;
    const key = `reply:${message.id}`;
    const line = { text: replyConfirmation(message) };
    const existing = await slackStore.getSlackPost(key);
    if (existing) {
      await cards.update(existing, line);
      return;
    }
    // Only the job from the act itself knows its thread; a status that beats it there is shown when it posts.
    if (!payload.thread) return;
    // Written from a card's thread, confirmed there; from anywhere else (/case's copy of a card), in the latest card's.
    const thread =
      (await slackStore.getSlackThread(payload.thread.channel, payload.thread.ts)) ??
      (await slackStore.latestSlackThreadForConversation(payload.conversationId));
    if (!thread) return;
    await cards.postOnce(key, { channel: thread.channel, threadTs: thread.thread_ts }, line);
  }

  async function unclaimedCheck(payload: Extract<HandoffJob, { type: 'unclaimed_check' }>, key: string): Promise<void> {
    const notice = await staff.tellUnclaimed({
      conversationId: payload.conversationId,
      caseId: payload.caseId,
      reason: payload.reason,
      key,
    });
    if (!notice) return;
    const thread = await slackStore.latestSlackThreadForConversation(payload.conversationId);
    if (!thread) return;
    const told =
      notice.told === 'standard'
        ? `to expect contact by *${staffDate(notice.by)}*`
        : notice.told === 'emergency'
          ? notice.by
            ? `that we still aim to make it safe by *${staffDate(notice.by)}* (the make-safe clock), to call 999 if anyone is in danger, and our emergency line`
            : 'to call 999 if anyone is in danger, and our emergency line: the make-safe time has passed'
          : 'to call 999 if anyone is in danger; no time was promised';
    await cards.postOnce(
      `unclaimed:${key}`,
      { channel: thread.channel, threadTs: thread.thread_ts, broadcast: true },
      { text: `:hourglass: Nobody has claimed this yet, so the customer was told ${told}.` },
    );
  }

  /** A contact restriction's review date: a reminder with a button in the case's thread, unless lifted or moved since. */
  async function restrictionReview(
    payload: Extract<HandoffJob, { type: 'restriction_review' }>,
    key: string,
  ): Promise<void> {
    const due = await options.restrictions?.reviewDue(payload.restrictionId, payload.reviewAt);
    if (!due?.case) return;
    const thread = await caseThread(due.case.id);
    if (!thread) return;
    const text = `:calendar: Review due: the contact restriction on ${due.case.reference} (recorded by ${actorMention(due.restriction.recorded_by)}) is due for review *${staffDate(new Date(due.restriction.review_at))}*. Keep it with a new date, or lift it.`;
    await cards.postOnce(
      `restriction-review:${key}`,
      { channel: thread.channel, threadTs: thread.thread_ts },
      { text, blocks: reviewReminderBlocks(text, due.restriction.id) },
    );
  }

  async function run(payload: HandoffJob, key: string): Promise<void> {
    switch (payload.type) {
      case 'case_created':
        return caseCreated(payload.caseId);
      case 'case_updated':
        return caseUpdated(payload.caseId, payload.change, key);
      case 'customer_message':
        return relayCustomerMessages(payload.conversationId);
      case 'handoff_requested':
        return handoffRequested(payload, key);
      case 'delivery_failed':
        return deliveryFailed(payload);
      case 'sla_alert':
        return slaAlert(payload, key);
      case 'unclaimed_check':
        return unclaimedCheck(payload, key);
      case 'realert':
        return realert(payload, key);
      case 'safety_alert':
        return safetyAlert(payload, key);
      case 'reply_status':
        return replyStatus(payload);
      case 'restriction_review':
        return restrictionReview(payload, key);
    }
  }

  return async (payload, job) => {
    const key = job.id ?? jobId(payload.type, JSON.stringify(payload));
    const locked = await withConversationLock(
      options.redis,
      lockPrefix + (await lockKey(payload)),
      options.lockTtlMs ?? 30_000,
      async () => {
        try {
          await run(payload, key);
        } catch (error) {
          if (isPlatformError(error) && permanentSlackErrors.has(error.data.error)) {
            throw new UnrecoverableError(`slack refused ${payload.type}: ${error.data.error}`);
          }
          throw error;
        }
      },
    );
    return locked.acquired ? 'done' : 'busy';
  };
}

import type { WebClient } from '@slack/web-api';
import type { SlackRoutes } from '../../src/config.js';
import type { CaseStore } from '../../src/db/case-store.js';
import type { SlackPost, SlackThread } from '../../src/db/rows.js';
import type { Logger } from '../../src/logger.js';
import { caseCardBlocks, caseCardText, loadCaseCard, type Block } from './case-card.js';
import { handoffCardBlocks, handoffCardText } from './handoff-card.js';
import { routeForCase, type Route } from './routing.js';

export interface SlackMessage {
  text: string;
  blocks?: Block[];
}

/**
 * Posting and updating in Slack, each post once: a post is looked up by its key first
 * and recorded (with the thread it starts) as soon as Slack answers, so a retried job
 * finds it and posts nothing twice.
 */
export class SlackCards {
  constructor(
    private readonly client: WebClient,
    private readonly store: CaseStore,
    private readonly routes: SlackRoutes,
    private readonly logger: Logger,
  ) {}

  async postOnce(
    key: string,
    where: { channel: string; threadTs?: string; broadcast?: boolean },
    message: SlackMessage,
    thread?: { caseId: string | null; conversationId: string | null; mention?: string | null; reason?: string | null },
  ): Promise<SlackPost> {
    const existing = await this.store.getSlackPost(key);
    if (existing) return existing;
    // Nothing a customer wrote may unfurl into a preview either.
    const blocks = message.blocks ?? [{ type: 'section' as const, text: { type: 'mrkdwn' as const, verbatim: true, text: message.text } }];
    const common = { channel: where.channel, text: message.text, blocks, unfurl_links: false, unfurl_media: false };
    const answer = where.threadTs
      ? await this.client.chat.postMessage({ ...common, thread_ts: where.threadTs, reply_broadcast: where.broadcast === true })
      : await this.client.chat.postMessage(common);
    if (!answer.ts || !answer.channel) throw new Error(`chat.postMessage answered without a ts for ${key}`);
    return this.store.recordSlackPost({ key, channel: answer.channel, ts: answer.ts }, thread);
  }

  /** The card of a case in the channel its kind, stage and flags route to now; posted if missing. */
  async ensureCaseCard(caseId: string): Promise<{ thread: SlackThread; route: Route } | undefined> {
    const data = await loadCaseCard(this.store, caseId);
    if (!data) return undefined;
    const route = routeForCase(this.routes, data.case);
    const post = await this.postOnce(
      `case-card:${caseId}:${route.channel}`,
      { channel: route.channel },
      { text: caseCardText(data, route.mention), blocks: caseCardBlocks(data, route.mention) },
      { caseId, conversationId: data.case.conversation_id, mention: route.mention },
    );
    const thread = await this.store.getSlackThread(post.channel, post.ts);
    if (!thread) throw new Error(`no thread recorded for ${post.key}`);
    return { thread, route };
  }

  /** Every card of the case shows it as it is now. */
  async refreshCaseCards(caseId: string): Promise<void> {
    const data = await loadCaseCard(this.store, caseId);
    if (!data) return;
    for (const thread of await this.store.listSlackThreadsForCase(caseId)) {
      await this.client.chat.update({
        channel: thread.channel,
        ts: thread.thread_ts,
        text: caseCardText(data, thread.mention),
        blocks: caseCardBlocks(data, thread.mention),
      });
    }
  }

  /** A live handoff card for a conversation with no case, carrying the transcript so far. */
  async postHandoffCard(key: string, conversationId: string, reason: string, route: Route): Promise<SlackThread | undefined> {
    const message = await this.handoffMessage(conversationId, reason, route.mention, null);
    if (!message) return undefined;
    const post = await this.postOnce(key, { channel: route.channel }, message, { caseId: null, conversationId, mention: route.mention, reason });
    return this.store.getSlackThread(post.channel, post.ts);
  }

  /** Live handoff cards show who has the conversation now; the transcript stays as it was when posted. */
  async refreshConversationCards(conversationId: string): Promise<void> {
    for (const thread of await this.store.listSlackThreadsForConversation(conversationId)) {
      const message = await this.handoffMessage(conversationId, thread.reason ?? 'customer_asked', thread.mention, new Date(thread.created_at));
      if (message) await this.client.chat.update({ channel: thread.channel, ts: thread.thread_ts, text: message.text, blocks: message.blocks ?? [] });
    }
  }

  private async handoffMessage(conversationId: string, reason: string, mention: string | null, until: Date | null): Promise<SlackMessage | undefined> {
    const conversation = await this.store.getConversation(conversationId);
    if (!conversation) {
      this.logger.warn({ conversationId }, 'no conversation for a handoff card');
      return undefined;
    }
    const customer = await this.store.findCustomerForConversation(conversationId);
    const all = await this.store.listMessages(conversationId);
    const messages = until ? all.filter((m) => new Date(m.created_at).getTime() <= until.getTime()) : all;
    const data = { conversation, customer, messages, reason };
    return { text: handoffCardText(data, mention), blocks: handoffCardBlocks(data, mention) };
  }
}

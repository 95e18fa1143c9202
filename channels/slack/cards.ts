import type { WebClient } from '@slack/web-api';
import type { StaffActions, TeamKey } from '../../src/cases/staff-actions.js';
import type { SlackRoutes } from './settings.js';
import type { SlackCoreStore } from './ports.js';
import type { Conversation, Customer } from '../../src/db/rows.js';
import type { Logger } from '../../src/logger.js';
import { caseCardBlocks, caseCardText, loadCaseCard, type Block, type CaseCardData } from './case-card.js';
import { handoffCardBlocks, handoffCardText } from './handoff-card.js';
import type { ChannelPrivacy } from './privacy.js';
import { routeForCase, routeForHandoff, type Route } from './routing.js';
import type { SlackPost, SlackStore, SlackThread } from './slack-store.js';

export interface SlackMessage {
  text: string;
  blocks?: Block[];
}

/** Stands in for the name of whoever presses Claim, in the confirmation the button shows. */
const yourFirstName = '‹your first name›';

/**
 * Posting and updating in Slack, each post once: a post is looked up by its key first
 * and recorded (with the thread it starts) as soon as Slack answers, so a retried job
 * finds it and posts nothing twice. A card's permalink is asked for once and kept; a card
 * shows the customer's personal details only in a private channel.
 */
export class SlackCards {
  constructor(
    private readonly client: WebClient,
    private readonly store: SlackCoreStore,
    private readonly slackStore: SlackStore,
    private readonly routes: SlackRoutes,
    private readonly logger: Logger,
    private readonly privacy: ChannelPrivacy,
    private readonly staff: Pick<StaffActions, 'introText'>,
  ) {}

  async postOnce(
    key: string,
    where: { channel: string; threadTs?: string; broadcast?: boolean },
    message: SlackMessage,
    thread?: { caseId: string | null; conversationId: string | null; mention?: string | null; reason?: string | null },
  ): Promise<SlackPost> {
    const existing = await this.slackStore.getSlackPost(key);
    if (existing) return existing;
    // Nothing a customer wrote may unfurl into a preview either.
    const blocks = message.blocks ?? [
      { type: 'section' as const, text: { type: 'mrkdwn' as const, verbatim: true, text: message.text } },
    ];
    const common = { channel: where.channel, text: message.text, blocks, unfurl_links: false, unfurl_media: false };
    const answer = where.threadTs
      ? await this.client.chat.postMessage({
          ...common,
          thread_ts: where.threadTs,
          reply_broadcast: where.broadcast === true,
        })
      : await this.client.chat.postMessage(common);
    if (!answer.ts || !answer.channel) throw new Error(`chat.postMessage answered without a ts for ${key}`);
    this.privacy.learn(where.channel, answer.channel);
    const post = await this.slackStore.recordSlackPost({ key, channel: answer.channel, ts: answer.ts }, thread);
    if (thread) await this.keepPermalink(post.channel, post.ts);
    return post;
  }

  /** A post made once, said again as things are now (a reply's delivery status). */
  async update(post: SlackPost, message: SlackMessage): Promise<void> {
    const blocks = message.blocks ?? [
      { type: 'section' as const, text: { type: 'mrkdwn' as const, verbatim: true, text: message.text } },
    ];
    await this.client.chat.update({ channel: post.channel, ts: post.ts, text: message.text, blocks });
  }

  /** The card's link, for App Home and other cards; a card posted without one (Slack was slow) gets it on its next refresh. */
  private async keepPermalink(channel: string, ts: string): Promise<string | null> {
    try {
      const answer = await this.client.chat.getPermalink({ channel, message_ts: ts });
      if (!answer.permalink) return null;
      await this.slackStore.setSlackThreadPermalink(channel, ts, answer.permalink);
      return answer.permalink;
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'slack: no permalink for a card yet');
      return null;
    }
  }

  /** The card's data as this channel may show it: personal details only where the channel is private. */
  async cardData(caseId: string, channel: string): Promise<CaseCardData | undefined> {
    const data = await loadCaseCard(this.store, this.slackStore, caseId);
    if (!data) return undefined;
    const personal = await this.privacy.isPrivate(channel);
    const team = routeForCase(this.routes, data.case).team;
    // Only a customer waiting for or talking to a person is told who has them now.
    const joinPreview =
      data.conversation && data.conversation.handoff_state !== 'bot'
        ? this.joinPreview(data.conversation, data.customer, team)
        : null;
    return { ...data, personal, joinPreview };
  }

  /** The card of a case in the channel its kind, stage and flags route to now; posted if missing. */
  async ensureCaseCard(caseId: string): Promise<{ thread: SlackThread; route: Route; posted: boolean } | undefined> {
    const bare = await loadCaseCard(this.store, this.slackStore, caseId);
    if (!bare) return undefined;
    const route = routeForCase(this.routes, bare.case);
    const key = `case-card:${caseId}:${route.channel}`;
    const existing = await this.slackStore.getSlackPost(key);
    const data = await this.cardData(caseId, route.channel);
    if (!data) return undefined;
    const post = await this.postOnce(
      key,
      { channel: route.channel },
      { text: caseCardText(data, route.mention), blocks: caseCardBlocks(data, route.mention) },
      { caseId, conversationId: data.case.conversation_id, mention: route.mention },
    );
    const thread = await this.slackStore.getSlackThread(post.channel, post.ts);
    if (!thread) throw new Error(`no thread recorded for ${post.key}`);
    // A channel named by #name is known private only once posted to: show the details now.
    if (!existing && !data.personal && (await this.privacy.isPrivate(post.channel)))
      await this.refreshCaseCards(caseId);
    return {
      thread: (await this.slackStore.getSlackThread(post.channel, post.ts)) ?? thread,
      route,
      posted: !existing,
    };
  }

  /** Every card of the case shows it as it is now, each as its own channel may show it. */
  async refreshCaseCards(caseId: string): Promise<void> {
    for (const thread of await this.slackStore.listSlackThreadsForCase(caseId)) {
      const data = await this.cardData(caseId, thread.channel);
      if (!data) return;
      await this.client.chat.update({
        channel: thread.channel,
        ts: thread.thread_ts,
        text: caseCardText(data, thread.mention),
        blocks: caseCardBlocks(data, thread.mention),
      });
      if (!thread.permalink) await this.keepPermalink(thread.channel, thread.thread_ts);
    }
  }

  /** A live handoff card for a conversation with no case, carrying the transcript so far. */
  async postHandoffCard(
    key: string,
    conversationId: string,
    reason: string,
    route: Route,
  ): Promise<SlackThread | undefined> {
    const message = await this.handoffMessage(conversationId, reason, route.mention, null, route.channel);
    if (!message) return undefined;
    const post = await this.postOnce(key, { channel: route.channel }, message, {
      caseId: null,
      conversationId,
      mention: route.mention,
      reason,
    });
    return this.slackStore.getSlackThread(post.channel, post.ts);
  }

  /** Live handoff cards show who has the conversation now; the transcript stays as it was when posted. */
  async refreshConversationCards(conversationId: string): Promise<void> {
    for (const thread of await this.slackStore.listSlackThreadsForConversation(conversationId)) {
      const message = await this.handoffMessage(
        conversationId,
        thread.reason ?? 'customer_asked',
        thread.mention,
        new Date(thread.created_at),
        thread.channel,
      );
      if (message)
        await this.client.chat.update({
          channel: thread.channel,
          ts: thread.thread_ts,
          text: message.text,
          blocks: message.blocks ?? [],
        });
    }
  }

  /** "You're now talking to ‹your first name› from our complaints team…", in the customer's language. */
  joinPreview(conversation: Conversation, customer: Customer | undefined, team: TeamKey): string {
    const lang = customer?.preferred_language ?? conversation.locale ?? 'en';
    return this.staff.introText(lang, conversation, { firstName: yourFirstName, team });
  }

  private async handoffMessage(
    conversationId: string,
    reason: string,
    mention: string | null,
    until: Date | null,
    channel: string,
  ): Promise<SlackMessage | undefined> {
    const conversation = await this.store.getConversation(conversationId);
    if (!conversation) {
      this.logger.warn({ conversationId }, 'no conversation for a handoff card');
      return undefined;
    }
    const customer = await this.store.findCustomerForConversation(conversationId);
    const all = await this.store.listMessages(conversationId);
    const messages = until ? all.filter((m) => new Date(m.created_at).getTime() <= until.getTime()) : all;
    const cases = [];
    for (const row of until ? await this.store.listCasesForConversation(conversationId) : []) {
      // Only cases a colleague made from this chat ("Make a case"), not ones the assistant opened later.
      if (new Date(row.created_at).getTime() < until!.getTime() || typeof row.classification?.madeBy !== 'string')
        continue;
      const cards = await this.slackStore.listSlackThreadsForCase(row.id);
      cases.push({ reference: row.reference, permalink: cards.findLast((t) => t.permalink)?.permalink ?? null });
    }
    const data = {
      conversation,
      customer,
      messages,
      reason,
      cases,
      personal: await this.privacy.isPrivate(channel),
      joinPreview: this.joinPreview(conversation, customer, routeForHandoff(this.routes, reason).team),
    };
    return { text: handoffCardText(data, mention), blocks: handoffCardBlocks(data, mention) };
  }
}

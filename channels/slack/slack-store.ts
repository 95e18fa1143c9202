import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from '../../src/db/database.js';
import type { Case, CaseClock, Message } from '../../src/db/rows.js';

/** Slack's own tables (migrations 003 and 007 in this folder), applied with the core's by the composition root. */
export const slackMigrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** A Slack card's thread and what it is about (migration 003). */
export interface SlackThread {
  channel: string;
  thread_ts: string;
  case_id: string | null;
  conversation_id: string | null;
  mention: string | null;
  reason: string | null;
  created_at: Date;
  /** The card's link, from chat.getPermalink (migration 007); null until known. */
  permalink: string | null;
}

/** One message the gateway posted to Slack, under the key of the job that posted it (migration 003). */
export interface SlackPost {
  key: string;
  channel: string;
  ts: string;
  created_at: Date;
}

/**
 * What Slack keeps of its own: the posts it made (so a retried job never posts twice),
 * each card's thread and what it is about, and the customer messages waiting to be shown
 * in a thread. The core knows none of it.
 */
export class SlackStore {
  constructor(private readonly db: Database) {}

  /** A post already made under this key (a retried job must not post twice). */
  async getSlackPost(key: string): Promise<SlackPost | undefined> {
    return (await this.db.query<SlackPost>('select * from slack_posts where key = $1', [key]))[0];
  }

  /**
   * Record a post, and the thread it starts when it is a card, in one transaction. The
   * first record under a key wins; the caller gets back whichever is stored.
   */
  async recordSlackPost(
    post: { key: string; channel: string; ts: string },
    thread?: { caseId: string | null; conversationId: string | null; mention?: string | null; reason?: string | null },
  ): Promise<SlackPost> {
    return this.db.transaction(async (tx) => {
      const inserted = (
        await tx.query<SlackPost>(
          'insert into slack_posts (key, channel, ts) values ($1, $2, $3) on conflict (key) do nothing returning *',
          [post.key, post.channel, post.ts],
        )
      )[0];
      if (!inserted) {
        const existing = (await tx.query<SlackPost>('select * from slack_posts where key = $1', [post.key]))[0];
        if (!existing) throw new Error(`slack post ${post.key} was neither stored nor found`);
        return existing;
      }
      if (thread) {
        await tx.query(
          `insert into slack_threads (channel, thread_ts, case_id, conversation_id, mention, reason) values ($1, $2, $3, $4, $5, $6)
           on conflict (channel, thread_ts) do nothing`,
          [post.channel, post.ts, thread.caseId, thread.conversationId, thread.mention ?? null, thread.reason ?? null],
        );
      }
      return inserted;
    });
  }

  async getSlackThread(channel: string, threadTs: string): Promise<SlackThread | undefined> {
    return (
      await this.db.query<SlackThread>('select * from slack_threads where channel = $1 and thread_ts = $2', [
        channel,
        threadTs,
      ])
    )[0];
  }

  /** Live handoff cards of a conversation that have no case, oldest first. */
  async listSlackThreadsForConversation(conversationId: string): Promise<SlackThread[]> {
    return this.db.query<SlackThread>(
      'select * from slack_threads where conversation_id = $1 and case_id is null order by created_at, thread_ts',
      [conversationId],
    );
  }

  /** Every card of a case, oldest first. */
  async listSlackThreadsForCase(caseId: string): Promise<SlackThread[]> {
    return this.db.query<SlackThread>('select * from slack_threads where case_id = $1 order by created_at, thread_ts', [
      caseId,
    ]);
  }

  /** The card a conversation was last discussed under: where its customer's messages go. */
  async latestSlackThreadForConversation(conversationId: string): Promise<SlackThread | undefined> {
    return (
      await this.db.query<SlackThread>(
        `select t.* from slack_threads t left join cases c on c.id = t.case_id
         where t.conversation_id = $1 or c.conversation_id = $1
         order by t.created_at desc, t.thread_ts desc limit 1`,
        [conversationId],
      )
    )[0];
  }

  /** A customer message to show in Slack; a replayed turn queues it once. */
  async queueSlackRelay(messageId: string, conversationId: string): Promise<void> {
    await this.db.query(
      'insert into slack_relay (message_id, conversation_id) values ($1, $2) on conflict (message_id) do nothing',
      [messageId, conversationId],
    );
  }

  /** Customer messages not yet shown in Slack, in arrival order. */
  async pendingSlackRelay(conversationId: string): Promise<Message[]> {
    return this.db.query<Message>(
      `select m.* from slack_relay r join messages m on m.id = r.message_id
       where r.conversation_id = $1 and r.posted_at is null order by m.seq`,
      [conversationId],
    );
  }

  async markSlackRelayed(messageId: string): Promise<void> {
    await this.db.query('update slack_relay set posted_at = now() where message_id = $1', [messageId]);
  }

  /** The card's link, once Slack has given it (chat.getPermalink). */
  async setSlackThreadPermalink(channel: string, threadTs: string, permalink: string): Promise<void> {
    await this.db.query('update slack_threads set permalink = $3 where channel = $1 and thread_ts = $2', [
      channel,
      threadTs,
      permalink,
    ]);
  }

  /**
   * Every open case with its running and missed clocks and the link to its latest card,
   * oldest first (App Home: unclaimed, overdue, due soon, by colleague). A missed clock
   * keeps the case in view until the case is resolved or closed.
   */
  async listOpenCasesWithClocks(): Promise<{ case: Case; clocks: CaseClock[]; permalink: string | null }[]> {
    const rows = await this.db.query<Case & { card_permalink: string | null }>(
      `select c.*, (select t.permalink from slack_threads t where t.case_id = c.id and t.permalink is not null
                    order by t.created_at desc, t.thread_ts desc limit 1) as card_permalink
       from cases c where c.status = 'open' order by c.received_at, c.id`,
    );
    if (rows.length === 0) return [];
    const clocks = await this.db.query<CaseClock>(
      `select * from case_clocks where case_id = any($1::uuid[]) and status in ('running', 'breached') order by due_at`,
      [rows.map((r) => r.id)],
    );
    const byCase = new Map<string, CaseClock[]>();
    for (const clock of clocks) byCase.set(clock.case_id, [...(byCase.get(clock.case_id) ?? []), clock]);
    return rows.map(({ card_permalink, ...row }) => ({
      case: row,
      clocks: byCase.get(row.id) ?? [],
      permalink: card_permalink,
    }));
  }
}

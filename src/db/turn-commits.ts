import type { ChannelId } from '../channel-id.js';
import type { Database } from './database.js';
import { conversationWithMessages, type ConversationWithMessages } from './messages.js';
import type { Message } from './rows.js';

/** A reply a turn stores before anything is sent. */
export interface TurnReply {
  /** Stable per turn and place: a turn run again stores the same reply once. */
  id: string;
  conversationId: string;
  channelId: ChannelId;
  caseId: string | null;
  author: string;
  text: string;
  choices: { title: string; value: string }[];
  locale: string | null;
}

/**
 * A turn's own commit (docs/rules/turn-pipeline.md#the-turns-commit): its replies, in the
 * order said, and the customer's message marked processed, in one statement, so the
 * database holds both or neither. A reply already stored (the turn replayed after a crash)
 * is left as it is.
 */
export class TurnCommitRepository {
  constructor(private readonly db: Database) {}

  /**
   * `processedMessageId`: the inbound message the turn answered, or none when more is still
   * to be stored. `pendingOf`: also return, read in the same statement, that conversation and
   * every outbound message of it still waiting to be sent, in order (the ones queued before
   * and the replies this commit stored), so whoever sends them need not read them again
   * (docs/rules/turn-pipeline.md#the-turns-commit).
   */
  async commitTurn(
    replies: readonly TurnReply[],
    processedMessageId: string | null,
    pendingOf?: string,
  ): Promise<ConversationWithMessages | undefined> {
    const params = [
      replies.map((r) => r.id),
      replies.map((r) => r.conversationId),
      replies.map((r) => r.caseId),
      replies.map((r) => r.channelId),
      replies.map((r) => r.author),
      replies.map((r) => r.text),
      replies.map((r) => JSON.stringify(r.choices)),
      replies.map((r) => r.locale),
      processedMessageId,
    ];
    const writes = `with replies as (
         insert into messages (id, conversation_id, case_id, direction, channel_id, author, text, choices, locale, status)
         select r.id, r.conversation_id, r.case_id, 'outbound', r.channel_id, r.author, r.text, r.choices::jsonb, r.locale, 'queued'
         from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
           with ordinality as r(id, conversation_id, case_id, channel_id, author, text, choices, locale, n)
         order by r.n
         on conflict (id) do nothing
         returning *
       ), processed as (
         update messages set status = 'processed', updated_at = now()
         where id = $9::uuid and direction = 'inbound'
         returning id
       )`;
    if (pendingOf === undefined) {
      await this.db.query(
        `${writes}
         select (select count(*) from replies)::int as replies, (select count(*) from processed)::int as processed`,
        params,
      );
      return undefined;
    }
    // Every part of one statement reads the same snapshot: the replies inserted here are not in
    // "queued", so they are added from what the insert returned (a reply already stored by an
    // earlier run of the turn is in "queued" and was not inserted again). The update runs
    // whether or not its result is read, as every data-modifying WITH does.
    const rows = await this.db.query<Message & { conversation_row: Record<string, unknown> }>(
      `${writes}, queued as (
         select * from messages where conversation_id = $10 and direction = 'outbound' and status = 'queued'
       ), pending as (
         select * from queued union all select * from replies
       )
       select to_jsonb(v) as conversation_row, p.*
       from conversations v
       left join pending p on true
       where v.id = $10
       order by p.seq`,
      [...params, pendingOf],
    );
    return conversationWithMessages(rows);
  }
}

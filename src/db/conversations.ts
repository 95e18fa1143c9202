import { randomUUID } from 'node:crypto';
import type { ChannelId } from '../channel-id.js';
import type { Database } from './database.js';
import type { Conversation, HandoffState } from './rows.js';

/**
 * A conversation row read as JSON (to_jsonb, beside other rows in one statement): its
 * timestamps (every column named `…_at`) come back as the Dates a plain read gives.
 */
export function conversationFromJson(json: Record<string, unknown>): Conversation {
  const row: Record<string, unknown> = { ...json };
  for (const [key, value] of Object.entries(row))
    if (key.endsWith('_at') && typeof value === 'string') row[key] = new Date(value);
  return row as unknown as Conversation;
}

/**
 * Conversations: one per customer address and our address on a channel, with who holds
 * it (the bot or a colleague), its language, opt-out and the channel's own data.
 */
export class ConversationRepository {
  constructor(private readonly db: Database) {}

  async getConversation(id: string): Promise<Conversation | undefined> {
    return (await this.db.query<Conversation>('select * from conversations where id = $1', [id]))[0];
  }

  async findConversation(channelId: ChannelId, address: string): Promise<Conversation[]> {
    return this.db.query<Conversation>(
      'select * from conversations where channel_id = $1 and address = $2 order by created_at',
      [channelId, address],
    );
  }

  async setHandoff(conversationId: string, state: HandoffState, assignee: string | null): Promise<void> {
    await this.db.query(
      'update conversations set handoff_state = $2, assignee = $3, updated_at = now() where id = $1',
      [conversationId, state, assignee],
    );
  }

  async setConversationLocale(conversationId: string, locale: string): Promise<void> {
    await this.db.query('update conversations set locale = $2, updated_at = now() where id = $1', [
      conversationId,
      locale,
    ]);
  }

  async setOptOut(channelId: ChannelId, address: string, optedOut: boolean): Promise<void> {
    await this.db.query(
      'update conversations set opted_out = $3, updated_at = now() where channel_id = $1 and address = $2',
      [channelId, address, optedOut],
    );
  }

  async mergeChannelData(conversationId: string, data: Record<string, unknown>): Promise<void> {
    await this.db.query(
      `update conversations set channel_data = channel_data || $2::jsonb, updated_at = now() where id = $1`,
      [conversationId, JSON.stringify(data)],
    );
  }

  /**
   * Merge `entries` into one object under `key` of a conversation's channel data, keeping
   * the entries already there (mergeChannelData replaces a top-level key whole).
   */
  async mergeChannelDataEntries(conversationId: string, key: string, entries: Record<string, unknown>): Promise<void> {
    await this.db.query(
      `update conversations set channel_data = channel_data || jsonb_build_object($2::text,
         (case when jsonb_typeof(channel_data -> $2::text) = 'object' then channel_data -> $2::text else '{}'::jsonb end) || $3::jsonb),
         updated_at = now() where id = $1`,
      [conversationId, key, JSON.stringify(entries)],
    );
  }

  /**
   * A conversation the customer has not written in yet, e.g. the Messenger thread a
   * private reply to a public comment opens. Creating it sets no last_inbound_at.
   */
  async ensureConversation(channelId: ChannelId, address: string, ourAddress: string): Promise<Conversation> {
    const rows = await this.db.query<Conversation>(
      `insert into conversations (id, channel_id, address, our_address) values ($1, $2, $3, $4)
       on conflict (channel_id, address, our_address) do update set updated_at = now()
       returning *`,
      [randomUUID(), channelId, address, ourAddress],
    );
    const row = rows[0];
    if (!row) throw new Error('conversation upsert returned nothing');
    return row;
  }
}

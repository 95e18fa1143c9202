import { randomUUID } from 'node:crypto';
import type { ChannelId } from '../channel-id.js';
import type { Queryable } from './database.js';

export type NoticeResponse = 'acknowledged' | 'declined' | 'went_ahead' | 'stopped';

/** The privacy notice as it was given (migration 013): a record that the customer was told, not a consent. */
export interface PrivacyNotice {
  id: string;
  customer_id: string | null;
  conversation_id: string | null;
  purpose: string;
  lawful_basis: string;
  wording_version: string;
  channel_id: ChannelId;
  language: string;
  response: NoticeResponse;
  given_at: Date;
}

export interface NewPrivacyNotice {
  /** A deterministic id makes a replayed turn's record a no-op. */
  id?: string;
  customerId: string | null;
  conversationId: string | null;
  purpose: string;
  lawfulBasis: string;
  wordingVersion: string;
  channelId: ChannelId;
  language: string;
  response: NoticeResponse;
}

/** When and how each customer was told what is kept and why (UK GDPR Art. 13; docs/rules/data-protection.md#privacy-notice). */
export class PrivacyNoticeRepository {
  constructor(private readonly db: Queryable) {}

  async recordPrivacyNotice(input: NewPrivacyNotice): Promise<void> {
    await this.db.query(
      `insert into privacy_notices (id, customer_id, conversation_id, purpose, lawful_basis, wording_version, channel_id, language, response)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict (id) do nothing`,
      [
        input.id ?? randomUUID(),
        input.customerId,
        input.conversationId,
        input.purpose,
        input.lawfulBasis,
        input.wordingVersion,
        input.channelId,
        input.language,
        input.response,
      ],
    );
  }

  /** Whether this customer (or, before there is one, this conversation) has been told this wording already. */
  async privacyNoticeGiven(
    filter: { customerId?: string | null; conversationId?: string | null },
    version: string,
  ): Promise<boolean> {
    const rows = await this.db.query<{ n: number }>(
      `select count(*)::int as n from privacy_notices
       where wording_version = $3 and response <> 'stopped'
         and (($1::uuid is not null and customer_id = $1) or ($2::uuid is not null and conversation_id = $2))`,
      [filter.customerId ?? null, filter.conversationId ?? null, version],
    );
    return (rows[0]?.n ?? 0) > 0;
  }

  /** Attach what was recorded against a conversation to the customer it turned out to be. */
  async linkPrivacyNotices(conversationId: string, customerId: string): Promise<void> {
    await this.db.query(
      'update privacy_notices set customer_id = $2 where conversation_id = $1 and customer_id is null',
      [conversationId, customerId],
    );
  }

  /** What was told to this customer, or in these conversations (before there was a customer, or without one). */
  async listPrivacyNotices(customerId: string | null, conversationIds: readonly string[]): Promise<PrivacyNotice[]> {
    return this.db.query<PrivacyNotice>(
      'select * from privacy_notices where customer_id = $1 or conversation_id = any($2::uuid[]) order by given_at',
      [customerId, conversationIds],
    );
  }
}

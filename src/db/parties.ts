import { randomUUID } from 'node:crypto';
import type { ChannelId } from '../channel-id.js';
import { NotFoundError } from '../errors.js';
import type { Database } from './database.js';
import type { Case, Customer } from './rows.js';

export type PartyConsentStatus = 'to_confirm' | 'requested' | 'confirmed' | 'declined' | 'withdrawn';

/** A representative acting for the customer on one case (migration 011), never merged into the customer. */
export interface CaseParty {
  id: string;
  case_id: string;
  role: 'representative';
  name: string;
  relationship: string | null;
  organisation: string | null;
  phone: string | null;
  email: string | null;
  conversation_id: string | null;
  consent_status: PartyConsentStatus;
  consent_conversation_id: string | null;
  consent_requested_at: Date | null;
  consent_decided_at: Date | null;
  consent_decided_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface NewParty {
  /** Deterministic (from the case) so a replayed turn adds the party once. */
  id?: string;
  caseId: string;
  name: string;
  relationship?: string | null;
  organisation?: string | null;
  phone?: string | null;
  email?: string | null;
  conversationId?: string | null;
  consentStatus?: PartyConsentStatus;
}

/**
 * The parties of a case other than the customer (representatives), the customers they act
 * for, and the two questions every outbound path asks: may this conversation hear about
 * this case, and where does the case's news go while it may not.
 */
export class PartyRepository {
  constructor(private readonly db: Database) {}

  async addParty(input: NewParty): Promise<CaseParty> {
    const row = (
      await this.db.query<CaseParty>(
        `insert into case_parties (id, case_id, name, relationship, organisation, phone, email, conversation_id, consent_status)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         on conflict (id) do update set id = excluded.id
         returning *`,
        [
          input.id ?? randomUUID(),
          input.caseId,
          input.name,
          input.relationship ?? null,
          input.organisation ?? null,
          input.phone ?? null,
          input.email ?? null,
          input.conversationId ?? null,
          input.consentStatus ?? 'to_confirm',
        ],
      )
    )[0];
    if (!row) throw new Error('party insert returned nothing');
    return row;
  }

  async getParty(id: string): Promise<CaseParty | undefined> {
    return (await this.db.query<CaseParty>('select * from case_parties where id = $1', [id]))[0];
  }

  async listParties(caseId: string): Promise<CaseParty[]> {
    return this.db.query<CaseParty>('select * from case_parties where case_id = $1 order by created_at, id', [caseId]);
  }

  /** The representatives whose conversation this is, on any case. */
  /** The customer's cases that have a representative on them. */
  async casesWithPartiesForCustomer(customerId: string): Promise<string[]> {
    const rows = await this.db.query<{ case_id: string }>(
      `select distinct p.case_id from case_parties p join cases c on c.id = p.case_id where c.customer_id = $1`,
      [customerId],
    );
    return rows.map((r) => r.case_id);
  }

  async listPartiesForConversation(conversationId: string): Promise<CaseParty[]> {
    return this.db.query<CaseParty>('select * from case_parties where conversation_id = $1 order by created_at', [
      conversationId,
    ]);
  }

  /** The consent requests waiting for this customer's answer on their own conversation, newest first. */
  async pendingConsentRequests(conversationId: string): Promise<CaseParty[]> {
    return this.db.query<CaseParty>(
      `select * from case_parties where consent_conversation_id = $1 and consent_status = 'requested'
       order by consent_requested_at desc, id`,
      [conversationId],
    );
  }

  async setPartyConsent(
    id: string,
    patch: {
      status: PartyConsentStatus;
      by?: string | null;
      at: Date;
      consentConversationId?: string | null;
    },
  ): Promise<CaseParty> {
    const requested = patch.status === 'requested';
    const row = (
      await this.db.query<CaseParty>(
        `update case_parties set consent_status = $2,
           consent_requested_at = case when $3 then $4 else consent_requested_at end,
           consent_conversation_id = coalesce($5, consent_conversation_id),
           consent_decided_at = case when $3 then consent_decided_at else $4 end,
           consent_decided_by = case when $3 then consent_decided_by else $6 end,
           updated_at = now()
         where id = $1 returning *`,
        [id, patch.status, requested, patch.at, patch.consentConversationId ?? null, patch.by ?? null],
      )
    )[0];
    if (!row) throw new NotFoundError(`no party ${id}`);
    return row;
  }

  /**
   * True when `conversationId` is a representative's on this case and the customer has not
   * (or no longer) agreed: then nothing about the case may go there (seed 004; docs/rules/contacts.md#representatives).
   */
  async withheldFromRepresentative(conversationId: string, caseId: string): Promise<boolean> {
    const rows = await this.db.query<{ n: number }>(
      `select count(*)::int as n from case_parties
       where case_id = $1 and conversation_id = $2 and consent_status <> 'confirmed'`,
      [caseId, conversationId],
    );
    return (rows[0]?.n ?? 0) > 0;
  }

  /**
   * The conversation a case's news goes to: its own, unless that is a representative's who
   * may not hear it yet; then the customer's own conversation where they were asked, or none.
   */
  async caseConversationFor(row: Pick<Case, 'id' | 'conversation_id'>): Promise<string | null> {
    if (!row.conversation_id) return null;
    const withheld = (
      await this.db.query<CaseParty>(
        `select * from case_parties where case_id = $1 and conversation_id = $2 and consent_status <> 'confirmed'
         order by created_at limit 1`,
        [row.id, row.conversation_id],
      )
    )[0];
    if (!withheld) return row.conversation_id;
    return withheld.consent_conversation_id;
  }

  /**
   * The customer a representative writes for: the one already reached at this address, else a
   * new customer of their own (never the representative's record, never linked to their channel).
   */
  async customerForRepresented(input: {
    name: string;
    phone?: string | null;
    email?: string | null;
  }): Promise<Customer> {
    return this.db.transaction(async (tx) => {
      if (input.phone) {
        const known = (
          await tx.query<Customer>(
            `select c.* from customers c join customer_addresses a on a.customer_id = c.id
             where a.channel_id = 'sms' and a.address = $1`,
            [input.phone],
          )
        )[0];
        if (known) return known;
      }
      const created = (
        await tx.query<Customer>('insert into customers (id, name, phone, email) values ($1, $2, $3, $4) returning *', [
          randomUUID(),
          input.name,
          input.phone ?? null,
          input.email ?? null,
        ])
      )[0];
      if (!created) throw new Error('customer insert returned nothing');
      if (input.phone) {
        await tx.query(
          `insert into customer_addresses (channel_id, address, customer_id) values ('sms', $1, $2) on conflict do nothing`,
          [input.phone, created.id],
        );
      }
      return created;
    });
  }

  /** The customer's own conversation on a channel (made if need be, e.g. the first SMS we send them), linked to them. */
  async conversationForCustomer(
    customerId: string,
    channelId: ChannelId,
    address: string,
    ourAddress: string,
  ): Promise<string> {
    const row = (
      await this.db.query<{ id: string }>(
        `insert into conversations (id, channel_id, address, our_address, customer_id) values ($1, $2, $3, $4, $5)
         on conflict (channel_id, address, our_address) do update set customer_id = coalesce(conversations.customer_id, excluded.customer_id), updated_at = now()
         returning id`,
        [randomUUID(), channelId, address, ourAddress, customerId],
      )
    )[0];
    if (!row) throw new Error('conversation upsert returned nothing');
    return row.id;
  }

  /** A flag the bot raised in a conversation, kept there (migration 011), not on the customer's other cases. */
  async flagConversation(conversationId: string, flag: string): Promise<void> {
    await this.db.query(
      `update conversations set flags = array_append(flags, $2), updated_at = now() where id = $1 and not ($2 = any(flags))`,
      [conversationId, flag],
    );
  }

  async conversationFlags(conversationId: string): Promise<string[]> {
    const rows = await this.db.query<{ flags: string[] }>('select flags from conversations where id = $1', [
      conversationId,
    ]);
    return rows[0]?.flags ?? [];
  }
}

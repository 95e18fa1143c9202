import { randomUUID } from 'node:crypto';
import type { ChannelId } from '../channel-id.js';
import { NotFoundError } from '../errors.js';
import type { Database } from './database.js';
import type { Consent, ConsentKind, Conversation, Customer } from './rows.js';
import { setClause } from './sql.js';

export type CustomerPatch = Partial<
  Pick<
    Customer,
    | 'name'
    | 'preferred_language'
    | 'preferred_format'
    | 'contact_method'
    | 'uk_division'
    | 'phone'
    | 'email'
    | 'postcode'
    | 'tenancy_ref'
    | 'address'
    | 'access_needs'
    | 'vulnerable'
    | 'contact_adjustments'
  >
>;

/** What ensureCustomer may write on the customer as well. */
export type EnsureSet = Pick<CustomerPatch, 'preferred_language'>;

/**
 * ensureCustomer as one statement. The conversation is locked first; its customer, else the
 * one its address on the channel leads to, else a new one (with its address, the number it
 * writes from on SMS and WhatsApp as its phone) is linked to it. With `set` ($3), the language
 * is written on whichever it is. No row: no conversation, or a customer linked by another
 * writer since the statement's snapshot (invisible to it): nothing was written, and the caller
 * goes step by step.
 */
function ensureSql(withLanguage: boolean): string {
  return `with conv as materialized (
      select id, customer_id, channel_id, address from conversations where id = $1 for update
    ), own as (
      select c.id from conv join customers c on c.id = conv.customer_id
    ), linked as (
      select a.customer_id as id from conv
      join customer_addresses a on a.channel_id = conv.channel_id and a.address = conv.address
      where conv.customer_id is null
      limit 1
    ), created as (
      insert into customers (id, phone${withLanguage ? ', preferred_language' : ''})
      select $2::uuid,
        case when conv.channel_id in ('sms', 'whatsapp') then regexp_replace(conv.address, '^whatsapp:', '') end
        ${withLanguage ? ', $3::text' : ''}
      from conv where conv.customer_id is null and not exists (select 1 from linked)
      returning *
    ), address as (
      insert into customer_addresses (channel_id, address, customer_id)
      select conv.channel_id, conv.address, created.id from conv cross join created
      on conflict do nothing
    ), relinked as (
      update conversations v set customer_id = k.id
      from (select id from linked union all select id from created) k
      where v.id = $1
    )${
      withLanguage
        ? `, patched as (
      update customers c set preferred_language = $3::text, updated_at = now()
      where c.id in (select id from own union all select id from linked)
      returning c.*
    )
    select * from patched
    union all select * from created`
        : `
    select c.* from customers c where c.id in (select id from own union all select id from linked)
    union all select * from created`
    }`;
}

/** Customers, the channel addresses that lead to them, and the consents they gave (append-only). */
export class CustomerRepository {
  constructor(private readonly db: Database) {}

  /**
   * The customer behind a conversation, created on first need and linked to the channel address.
   * `set` is written on the customer too (a language chosen before the customer existed). One
   * statement: the conversation is locked (`for update`), so two callers for the same
   * conversation make one customer between them.
   */
  async ensureCustomer(conversationId: string, set: EnsureSet = {}): Promise<Customer> {
    const language = set.preferred_language ?? null;
    const rows = await this.db.query<Customer>(language === null ? ensureSql(false) : ensureSql(true), [
      conversationId,
      randomUUID(),
      ...(language === null ? [] : [language]),
    ]);
    const row = rows[0];
    if (row) return row;
    // No conversation, or its customer was linked by another writer after this statement's
    // snapshot was taken (so not visible to it): the step-by-step way, whose reads see it.
    const customer = await this.ensureCustomerStepwise(conversationId);
    return language === null ? customer : this.updateCustomer(customer.id, { preferred_language: language });
  }

  private async ensureCustomerStepwise(conversationId: string): Promise<Customer> {
    return this.db.transaction(async (tx) => {
      const conversation = (
        await tx.query<Conversation>('select * from conversations where id = $1 for update', [conversationId])
      )[0];
      if (!conversation) throw new NotFoundError(`no conversation ${conversationId}`);
      if (conversation.customer_id) {
        const existing = (
          await tx.query<Customer>('select * from customers where id = $1', [conversation.customer_id])
        )[0];
        if (existing) return existing;
      }
      const linked = (
        await tx.query<Customer>(
          'select c.* from customers c join customer_addresses a on a.customer_id = c.id where a.channel_id = $1 and a.address = $2',
          [conversation.channel_id, conversation.address],
        )
      )[0];
      let customer = linked;
      if (!customer) {
        const isPhone = conversation.channel_id === 'sms' || conversation.channel_id === 'whatsapp';
        customer = (
          await tx.query<Customer>('insert into customers (id, phone) values ($1, $2) returning *', [
            randomUUID(),
            isPhone ? conversation.address.replace(/^whatsapp:/, '') : null,
          ])
        )[0];
        if (!customer) throw new Error('customer insert returned nothing');
        await tx.query(
          'insert into customer_addresses (channel_id, address, customer_id) values ($1, $2, $3) on conflict do nothing',
          [conversation.channel_id, conversation.address, customer.id],
        );
      }
      await tx.query('update conversations set customer_id = $2 where id = $1', [conversationId, customer.id]);
      return customer;
    });
  }

  /**
   * The customer already behind a conversation, without creating one: a customer who has
   * not agreed to the privacy notice must leave no customer row (UK GDPR; docs/rules/data-protection.md#lawful-basis).
   */
  /** The conversation's own customer, else the one known by its address on the channel: one statement. */
  async findCustomerForConversation(conversationId: string): Promise<Customer | undefined> {
    return (await this.customerOfConversation(conversationId))?.customer;
  }

  /**
   * findCustomerForConversation, and whether the conversation itself names that customer
   * (`linked`: ensureCustomer would then change nothing and return the same row).
   */
  async customerOfConversation(conversationId: string): Promise<{ customer: Customer; linked: boolean } | undefined> {
    const row = (
      await this.db.query<Customer & { conversation_names_customer: boolean }>(
        `select c.*, v.customer_id is not null as conversation_names_customer from conversations v
         join customers c on c.id = coalesce(
           v.customer_id,
           (select a.customer_id from customer_addresses a
            where a.channel_id = v.channel_id and a.address = v.address limit 1))
         where v.id = $1`,
        [conversationId],
      )
    )[0];
    if (!row) return undefined;
    const { conversation_names_customer: linked, ...customer } = row;
    return { customer, linked };
  }

  async getCustomer(id: string): Promise<Customer | undefined> {
    return (await this.db.query<Customer>('select * from customers where id = $1', [id]))[0];
  }

  async updateCustomer(id: string, patch: CustomerPatch): Promise<Customer> {
    const { sql, values } = setClause(patch, 2);
    if (!sql) {
      const current = await this.getCustomer(id);
      if (!current) throw new NotFoundError(`no customer ${id}`);
      return current;
    }
    const row = (
      await this.db.query<Customer>(`update customers set ${sql}, updated_at = now() where id = $1 returning *`, [
        id,
        ...values,
      ])
    )[0];
    if (!row) throw new NotFoundError(`no customer ${id}`);
    return row;
  }

  async recordConsent(input: {
    /** A deterministic id makes a replayed turn's consent a no-op instead of a second row. */
    id?: string;
    customerId: string | null;
    caseId?: string | null;
    conversationId: string | null;
    kind: ConsentKind;
    wordingVersion: string;
    granted: boolean;
    /** The customer's channel, or `staff` when a colleague records what reached them another way. */
    channelId: ChannelId | 'staff';
    details?: Record<string, unknown>;
    /** This row withdraws a consent given earlier (UK GDPR Art. 7(3)). @defaultValue false */
    withdrawal?: boolean;
    /** Who recorded it: `customer`, or `staff:<id>`. @defaultValue none */
    actor?: string;
  }): Promise<Consent> {
    const row = (
      await this.db.query<Consent>(
        `insert into consents (id, customer_id, case_id, conversation_id, kind, wording_version, granted, channel_id, details,
           withdrawal, actor)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         on conflict (id) do update set id = excluded.id
         returning *`,
        [
          input.id ?? randomUUID(),
          input.customerId,
          input.caseId ?? null,
          input.conversationId,
          input.kind,
          input.wordingVersion,
          input.granted,
          input.channelId,
          JSON.stringify(input.details ?? {}),
          input.withdrawal ?? false,
          input.actor ?? null,
        ],
      )
    )[0];
    if (!row) throw new Error('consent insert returned nothing');
    return row;
  }

  /** Consents as they stand now (the latest row of each kind), for a customer or a case. */
  async currentConsents(filter: { customerId?: string; caseId?: string }): Promise<Consent[]> {
    const rows = await this.db.query<Consent>(
      `select distinct on (kind, coalesce(case_id::text, '')) * from consents
       where ($1::uuid is null or customer_id = $1) and ($2::uuid is null or case_id = $2)
       order by kind, coalesce(case_id::text, ''), recorded_at desc, id`,
      [filter.customerId ?? null, filter.caseId ?? null],
    );
    return rows;
  }

  async listConsents(customerId: string): Promise<Consent[]> {
    return this.db.query<Consent>('select * from consents where customer_id = $1 order by recorded_at', [customerId]);
  }
}

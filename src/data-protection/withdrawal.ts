import type { ChannelId } from '../channel-id.js';
import type { Database } from '../db/database.js';
import { DataProtectionAuditRepository } from '../db/data-protection-audit.js';
import type { Consent, ConsentKind } from '../db/rows.js';
import { stableUuid } from '../ids.js';

/** Consents a customer (or a colleague for them) can withdraw; the privacy notice is not one. */
export const withdrawableKinds = [
  'representative',
  'health_details',
  'record_as_complaint',
] as const satisfies readonly ConsentKind[];
export type WithdrawableKind = (typeof withdrawableKinds)[number];

/** What the representative side must do when the customer withdraws their consent to one. */
export interface RepresentativeConsentWithdrawn {
  customerId: string | null;
  caseId: string | null;
  consentId: string;
  actor: string;
  at: Date;
}

/**
 * Hooks for what acting on a withdrawal means elsewhere: `onRepresentativeConsentWithdrawn`
 * marks the case's representatives withdrawn (parties-hook.ts), which the Outbox reads.
 */
export interface WithdrawalHooks {
  onRepresentativeConsentWithdrawn?: (event: RepresentativeConsentWithdrawn) => Promise<void>;
}

export interface WithdrawalRequest {
  /** Whose consents: the customer, and/or the conversation before there is a customer. */
  customerId: string | null;
  conversationId: string | null;
  /** Which kinds; omitted, every consent in force. */
  kinds?: readonly WithdrawableKind[];
  /** Where it was said: the customer's channel, or `staff` for a colleague recording it. */
  channelId: ChannelId | 'staff';
  /** `customer`, or `staff:<id>`. */
  actor: string;
  /** The wording version of what the customer was told (the pack's consentWording.withdrawal). */
  wordingVersion: string;
  /** How it was made: the customer's words, or a colleague's note of how it reached them. */
  said: string;
  /** Makes a replayed turn's withdrawal a no-op. */
  key?: string;
  at: Date;
}

/** Consents as they stand: the latest row of each (kind, case), granted and not withdrawn since. */
export async function consentsInForce(
  db: Database,
  filter: { customerId: string | null; conversationId: string | null },
): Promise<Consent[]> {
  const rows = await db.query<Consent>(
    `select distinct on (kind, coalesce(case_id::text, '')) * from consents
     where ($1::uuid is not null and customer_id = $1) or ($2::uuid is not null and conversation_id = $2)
     order by kind, coalesce(case_id::text, ''), recorded_at desc, id`,
    [filter.customerId, filter.conversationId],
  );
  return rows.filter((c) => c.granted && (withdrawableKinds as readonly string[]).includes(c.kind));
}

/**
 * Withdraw consents (UK GDPR Art. 7(3); docs/rules/data-protection.md#withdrawing-consent):
 * a new row for each, granted = false, with when, where, who and the wording version, then
 * acted on. Returns the consents withdrawn.
 */
export async function withdrawConsents(
  db: Database,
  request: WithdrawalRequest,
  hooks: WithdrawalHooks = {},
): Promise<Consent[]> {
  const inForce = (await consentsInForce(db, request)).filter(
    (c) => !request.kinds || (request.kinds as readonly string[]).includes(c.kind),
  );
  const withdrawn: Consent[] = [];
  const audit = new DataProtectionAuditRepository(db);
  for (const consent of inForce) {
    const id = stableUuid(request.key ?? request.at.toISOString(), 'withdraw', consent.id);
    const row = (
      await db.query<Consent>(
        `insert into consents (id, customer_id, case_id, conversation_id, kind, wording_version, granted, channel_id,
           details, withdrawal, actor)
         values ($1, $2, $3, $4, $5, $6, false, $7, $8, true, $9)
         on conflict (id) do nothing returning *`,
        [
          id,
          consent.customer_id ?? request.customerId,
          consent.case_id,
          consent.conversation_id ?? request.conversationId,
          consent.kind,
          request.wordingVersion,
          request.channelId,
          JSON.stringify({ withdraws: consent.id, said: request.said, at: request.at.toISOString() }),
          request.actor,
        ],
      )
    )[0];
    if (!row) continue;
    withdrawn.push(row);
    await audit.record({
      action: 'consent_withdrawn',
      actor: request.actor,
      customerId: row.customer_id,
      caseId: row.case_id,
      details: {
        kind: row.kind,
        consentId: row.id,
        channel: request.channelId,
        wordingVersion: request.wordingVersion,
      },
    });
    await act(db, row, request);
    if (row.kind === 'representative')
      await hooks.onRepresentativeConsentWithdrawn?.({
        customerId: row.customer_id,
        caseId: row.case_id,
        consentId: row.id,
        actor: request.actor,
        at: request.at,
      });
  }
  return withdrawn;
}

/** Acting on it: what rested on the consent stops (docs/rules/data-protection.md#withdrawing-consent). */
async function act(db: Database, row: Consent, request: WithdrawalRequest): Promise<void> {
  if (row.kind === 'health_details' && row.customer_id) {
    // Special category data rested on this consent alone: it goes (Art. 9(2)(a)).
    await db.query('update customers set vulnerable = null, updated_at = now() where id = $1', [row.customer_id]);
  }
  if (row.case_id) {
    const flag = row.kind === 'representative' ? 'representative_consent_withdrawn' : `consent_withdrawn:${row.kind}`;
    await db.query(
      `update cases set flags = array_append(flags, $2), updated_at = now() where id = $1 and not ($2 = any(flags))`,
      [row.case_id, flag],
    );
    await db.query('insert into case_events (case_id, actor, type, data) values ($1, $2, $3, $4)', [
      row.case_id,
      request.actor,
      'consent_withdrawn',
      JSON.stringify({ kind: row.kind, channel: request.channelId, wordingVersion: request.wordingVersion }),
    ]);
  }
}

import type { Queryable } from '../db/database.js';

/** Why a message is held back: the reason goes on the message as its status detail. */
export type OutboundGate = (conversationId: string, caseId: string | null) => Promise<string | null>;

export const representativeWithdrawnDetail = 'representative_consent_withdrawn';

/**
 * Nothing more goes to a representative once the customer's consent to them is withdrawn
 * (docs/rules/data-protection.md#withdrawing-consent). Until issue 15's parties records who
 * each conversation belongs to, a conversation is the representative's for a case when the
 * case has a representative whose consent was given (or claimed) in it by the representative
 * (`details.givenBy = 'representative'`); it is closed to that case's news when the case's
 * latest representative consent is a withdrawal.
 */
export function representativeGate(db: Queryable): OutboundGate {
  return async (conversationId, caseId) => {
    const rows = await db.query<{ n: number }>(
      `select count(*)::int as n from cases c
       where c.conversation_id = $1 and ($2::uuid is null or c.id = $2)
         and exists (select 1 from consents g where g.case_id = c.id and g.kind = 'representative'
                     and g.details->>'givenBy' = 'representative')
         and (select w.withdrawal from consents w where w.case_id = c.id and w.kind = 'representative'
              order by w.recorded_at desc, w.id limit 1)`,
      [conversationId, caseId],
    );
    return (rows[0]?.n ?? 0) > 0 ? representativeWithdrawnDetail : null;
  };
}

import { markRepresentativesWithdrawn } from '../cases/parties.js';
import { CaseStore } from '../db/case-store.js';
import type { Database } from '../db/database.js';
import type { WithdrawalHooks } from './withdrawal.js';

/**
 * Where a withdrawal of consent to a representative (the bot's "withdraw", `intake
 * withdraw`) reaches the case's parties (docs/rules/data-protection.md#withdrawing-consent):
 * every representative on the case, or on each of the customer's cases when the consent was
 * not a case's own, is marked withdrawn, and from then on the Outbox keeps anything about
 * the case from them (src/cases/parties.ts). `changed` refreshes the case's cards for staff.
 */
export function representativeWithdrawalHooks(
  db: Database,
  changed?: (caseId: string, change: string, key: string) => Promise<void>,
): WithdrawalHooks {
  const store = new CaseStore(db);
  return {
    async onRepresentativeConsentWithdrawn(event) {
      const caseIds = event.caseId
        ? [event.caseId]
        : event.customerId
          ? await store.casesWithPartiesForCustomer(event.customerId)
          : [];
      for (const caseId of caseIds) {
        const done = await markRepresentativesWithdrawn(store, caseId, {
          by: event.actor,
          at: event.at,
          how: 'withdrawn',
        });
        if (done.length > 0) await changed?.(caseId, 'representative_consent', `withdrawn-${event.consentId}`);
      }
    },
  };
}

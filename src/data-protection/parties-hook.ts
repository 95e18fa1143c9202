import type { Database } from '../db/database.js';
import type { WithdrawalHooks } from './withdrawal.js';

/**
 * THE place where issue 15's parties connects to a withdrawal (docs/rules/data-protection.md#withdrawing-consent).
 * Every withdrawal (the bot's and `intake withdraw`) takes its hooks from here. Until
 * parties lands (src/cases/parties.ts, its function to withdraw a representative's
 * consent), nothing more is done than the consent row itself, which the outbox's
 * representative gate reads (representative-gate.ts). To connect: return
 * `{ onRepresentativeConsentWithdrawn: (e) => <parties' withdrawal>(db, e) }`.
 */
export function representativeWithdrawalHooks(db: Database): WithdrawalHooks {
  void db;
  return {};
}

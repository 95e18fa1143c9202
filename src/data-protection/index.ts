import type { CaseService } from '../cases/case-service.js';
import type { JobSink } from '../cases/sla-jobs.js';
import type { CaseStore } from '../db/case-store.js';
import type { Database } from '../db/database.js';
import { PrivacyNoticeRepository, type NewPrivacyNotice } from '../db/privacy-notices.js';
import type { Consent } from '../db/rows.js';
import type { PolicyPack } from '../policy/index.js';
import type { LawfulBasis, Purpose } from '../policy/data-protection-schema.js';
import { representativeWithdrawalHooks } from './parties-hook.js';
import { RightsRequests, type RightsStore } from './rights-requests.js';
import { consentsInForce, withdrawConsents, type WithdrawalHooks, type WithdrawalRequest } from './withdrawal.js';

export { rightsClockName, rightsDueAt, type RightsRequestInput } from './rights-requests.js';
export { withdrawableKinds, type WithdrawableKind, type WithdrawalHooks } from './withdrawal.js';
export type { LawfulBasis, Purpose } from '../policy/data-protection-schema.js';

export interface DataProtectionDeps {
  db: Database;
  store: RightsStore;
  queues: JobSink;
  pack: PolicyPack;
  cases: Pick<CaseService, 'policyFor'>;
  now: () => Date;
  hooks?: WithdrawalHooks;
}

/**
 * The customer's side of data protection (docs/rules/data-protection.md), as the bot and
 * colleagues use it: the privacy notice as given, consents in force and their withdrawal,
 * and requests under the customer's rights opened as cases on their own clock.
 */
export class DataProtection {
  readonly notices: PrivacyNoticeRepository;
  readonly requests: RightsRequests;

  constructor(private readonly deps: DataProtectionDeps) {
    this.notices = new PrivacyNoticeRepository(deps.db);
    const calendars = {
      'england-and-wales': deps.cases.policyFor('england-and-wales').calendar,
      scotland: deps.cases.policyFor('scotland').calendar,
      'northern-ireland': deps.cases.policyFor('northern-ireland').calendar,
    };
    this.requests = new RightsRequests({
      store: deps.store,
      queues: deps.queues,
      pack: deps.pack,
      calendars,
      now: deps.now,
    });
  }

  get pack(): PolicyPack {
    return this.deps.pack;
  }

  /** The lawful basis the landlord relies on for a purpose (the pack's dataProtection.lawfulBasis). */
  basisFor(purpose: Purpose): LawfulBasis {
    return this.deps.pack.dataProtection.lawfulBasis[purpose].basis;
  }

  /** Told this wording already: the customer, or the conversation before there was one. */
  async noticeGiven(filter: { customerId?: string | null; conversationId?: string | null }): Promise<boolean> {
    return this.notices.privacyNoticeGiven(filter, this.deps.pack.consentWording.privacyNotice);
  }

  async recordNotice(
    input: Omit<NewPrivacyNotice, 'wordingVersion' | 'lawfulBasis'> & { purpose: Purpose },
  ): Promise<void> {
    await this.notices.recordPrivacyNotice({
      ...input,
      lawfulBasis: this.basisFor(input.purpose),
      wordingVersion: this.deps.pack.consentWording.privacyNotice,
    });
  }

  consentsInForce(filter: { customerId: string | null; conversationId: string | null }): Promise<Consent[]> {
    return consentsInForce(this.deps.db, filter);
  }

  /** Withdraw consents in force, recorded with the pack's withdrawal wording version, and act on it. */
  withdraw(request: Omit<WithdrawalRequest, 'wordingVersion'>): Promise<Consent[]> {
    return withdrawConsents(
      this.deps.db,
      { ...request, wordingVersion: this.deps.pack.consentWording.withdrawal },
      this.deps.hooks,
    );
  }
}

/** The data protection side for a store that is the whole CaseStore (every caller today); hooks from parties-hook.ts unless given. */
export function dataProtectionFor(
  store: CaseStore,
  cases: Pick<CaseService, 'policyFor' | 'pack' | 'jobs' | 'caseChanged'>,
  now: () => Date,
  hooks?: WithdrawalHooks,
): DataProtection {
  return new DataProtection({
    db: store.db,
    store,
    queues: cases.jobs,
    pack: cases.pack,
    cases,
    now,
    hooks:
      hooks ?? representativeWithdrawalHooks(store.db, (caseId, change, key) => cases.caseChanged(caseId, change, key)),
  });
}

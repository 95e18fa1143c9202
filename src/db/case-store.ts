import { CaseClockRepository } from './case-clocks.js';
import { CaseEventRepository } from './case-events.js';
import { CaseRepository } from './cases.js';
import { ConversationRepository } from './conversations.js';
import { CustomerRepository } from './customers.js';
import type { Database } from './database.js';
import { DeliveryRepository } from './deliveries.js';
import { MessageRepository, type OutboundStatusOptions } from './messages.js';
import { RemedyRepository } from './remedies.js';
import { PartyRepository } from './parties.js';
import { PrivacyNoticeRepository } from './privacy-notices.js';
import { RestrictionRepository } from './restrictions.js';
import { TurnCommitRepository } from './turn-commits.js';

export { referencePattern, referencePrefix, type CasePatch, type NewCase, type NewClock } from './cases.js';
export type { CustomerPatch } from './customers.js';
export type { OutboundStatusChange } from './messages.js';

export type CaseStoreOptions = OutboundStatusOptions;

/** A repository's public methods, without its private state. */
type Methods<T> = { [K in keyof T]: T[K] };

/**
 * The system of record as one object: the repositories of src/db/ over one database, so
 * a caller that needs several (the turn, the case service, a channel) is handed one
 * thing. Each method is its repository's, bound: `store.getCase` is `store.cases.getCase`.
 * New code should take the repository, or a narrow port of it, that it uses.
 */
export interface CaseStore
  extends
    Methods<ConversationRepository>,
    Methods<MessageRepository>,
    Methods<DeliveryRepository>,
    Methods<CustomerRepository>,
    Methods<CaseRepository>,
    Methods<CaseClockRepository>,
    Methods<CaseEventRepository>,
    Methods<RemedyRepository>,
    Methods<PartyRepository>,
    Methods<PrivacyNoticeRepository>,
    Methods<RestrictionRepository>,
    Methods<TurnCommitRepository> {}

export class CaseStore {
  readonly conversations: ConversationRepository;
  readonly messages: MessageRepository;
  readonly deliveries: DeliveryRepository;
  readonly customers: CustomerRepository;
  readonly cases: CaseRepository;
  readonly clocks: CaseClockRepository;
  readonly events: CaseEventRepository;
  readonly remedies: RemedyRepository;
  readonly parties: PartyRepository;
  readonly privacyNotices: PrivacyNoticeRepository;
  readonly restrictions: RestrictionRepository;
  readonly turnCommits: TurnCommitRepository;

  constructor(
    readonly db: Database,
    options: CaseStoreOptions = {},
  ) {
    this.conversations = new ConversationRepository(db);
    this.messages = new MessageRepository(db, options);
    this.deliveries = new DeliveryRepository(db, options);
    this.customers = new CustomerRepository(db);
    this.cases = new CaseRepository(db);
    this.clocks = new CaseClockRepository(db);
    this.events = new CaseEventRepository(db);
    this.remedies = new RemedyRepository(db);
    this.parties = new PartyRepository(db);
    this.privacyNotices = new PrivacyNoticeRepository(db);
    this.restrictions = new RestrictionRepository(db);
    this.turnCommits = new TurnCommitRepository(db);
    for (const repository of [
      this.conversations,
      this.messages,
      this.deliveries,
      this.customers,
      this.cases,
      this.clocks,
      this.events,
      this.remedies,
      this.parties,
      this.privacyNotices,
      this.restrictions,
      this.turnCommits,
    ]) {
      delegateTo(this, repository);
    }
  }
}

/** Give `target` each public method of `repository`'s class, bound to it; a name two repositories share is a mistake. */
function delegateTo(target: object, repository: object): void {
  const prototype: object = Object.getPrototypeOf(repository) as object;
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const method: unknown = Reflect.get(repository, name);
    if (name === 'constructor' || typeof method !== 'function') continue;
    if (name in target) throw new TypeError(`CaseStore: two repositories define ${name}`);
    Object.defineProperty(target, name, { value: method.bind(repository), enumerable: false });
  }
}

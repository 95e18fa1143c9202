import type { CaseClockRepository } from '../db/case-clocks.js';
import type { CaseEventRepository } from '../db/case-events.js';
import type { CaseRepository } from '../db/cases.js';
import type { ConversationRepository } from '../db/conversations.js';
import type { CustomerRepository } from '../db/customers.js';
import type { MessageRepository } from '../db/messages.js';
import type { PartyRepository } from '../db/parties.js';
import type { PartiesStore } from './parties.js';
import type { RestrictionStore } from './restrictions.js';

/** What the case service reads and writes of the system of record. */
export type CaseServiceStore = Pick<
  CaseClockRepository,
  'addClocks' | 'extendClock' | 'listClocks' | 'meetClock' | 'replaceClocks' | 'restartClocks' | 'setClockStatus'
> &
  Pick<CaseEventRepository, 'appendEvent' | 'appendEventOnce'> &
  Pick<CaseRepository, 'createCase' | 'createCaseWithClocks' | 'getCase' | 'getCaseByOrigin' | 'updateCase'> &
  Pick<ConversationRepository, 'getConversation' | 'setHandoff'> &
  Pick<CustomerRepository, 'getCustomer' | 'recordConsent'> &
  Pick<MessageRepository, 'attachMessageToCase' | 'attachMessagesToCase' | 'listMessages'> &
  PartiesStore &
  RestrictionStore;

/** What the staff tools (claim, reply, resolve, extend...) read and write of the system of record. */
export type StaffStore = Pick<CaseClockRepository, 'listClocks'> &
  Pick<CaseEventRepository, 'appendEvent' | 'appendEventOnce'> &
  Pick<CaseRepository, 'getCase' | 'getCaseByReference' | 'listCasesForConversation' | 'updateCase'> &
  Pick<ConversationRepository, 'getConversation' | 'setHandoff'> &
  Pick<CustomerRepository, 'findCustomerForConversation' | 'getCustomer'> &
  Pick<MessageRepository, 'listMessages'> &
  Pick<PartyRepository, 'caseConversationFor' | 'withheldFromRepresentative'>;

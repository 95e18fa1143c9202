import type { CaseClockRepository } from '../src/db/case-clocks.js';
import type { CaseEventRepository } from '../src/db/case-events.js';
import type { CaseRepository } from '../src/db/cases.js';
import type { ConversationRepository } from '../src/db/conversations.js';
import type { CustomerRepository } from '../src/db/customers.js';
import type { MessageRepository } from '../src/db/messages.js';
import type { PartyRepository } from '../src/db/parties.js';

/** What the bot's dialogs read and write of the system of record (through DialogServices.store). */
export type DialogStore = Pick<CaseClockRepository, 'listClocks'> &
  Pick<CaseEventRepository, 'appendEvent'> &
  Pick<CaseRepository, 'getCase' | 'getCaseByReference' | 'listCasesForConversation' | 'listCasesForCustomer'> &
  Pick<ConversationRepository, 'getConversation' | 'setConversationLocale'> &
  Pick<
    CustomerRepository,
    | 'currentConsents'
    | 'customerOfConversation'
    | 'ensureCustomer'
    | 'findCustomerForConversation'
    | 'recordConsent'
    | 'updateCustomer'
  > &
  Pick<MessageRepository, 'attachMessageToCase'> &
  Pick<PartyRepository, 'flagConversation'>;

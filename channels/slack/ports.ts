import type { CaseClockRepository } from '../../src/db/case-clocks.js';
import type { CaseEventRepository } from '../../src/db/case-events.js';
import type { CaseRepository } from '../../src/db/cases.js';
import type { ConversationRepository } from '../../src/db/conversations.js';
import type { CustomerRepository } from '../../src/db/customers.js';
import type { MessageRepository } from '../../src/db/messages.js';
import type { RemedyRepository } from '../../src/db/remedies.js';
import type { PartyRepository } from '../../src/db/parties.js';
import type { PrivacyNoticeRepository } from '../../src/db/privacy-notices.js';
import type { RestrictionRepository } from '../../src/db/restrictions.js';

/** What Slack reads and writes of the core's system of record (its own tables are SlackStore's). */
export type SlackCoreStore = Pick<CaseClockRepository, 'listClocks'> &
  Pick<CaseEventRepository, 'listEvents'> &
  Pick<CaseRepository, 'getCase' | 'getCaseByReference' | 'listCasesForConversation'> &
  Pick<ConversationRepository, 'getConversation'> &
  Pick<CustomerRepository, 'currentConsents' | 'findCustomerForConversation' | 'getCustomer'> &
  Pick<MessageRepository, 'attachMessageToCase' | 'getMessage' | 'listMessages'> &
  Pick<RemedyRepository, 'listRemedies'> &
  Pick<PartyRepository, 'listParties'> &
  Pick<PrivacyNoticeRepository, 'listPrivacyNotices'> &
  Pick<RestrictionRepository, 'activeRestrictions'>;

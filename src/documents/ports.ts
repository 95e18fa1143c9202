import type { CaseClockRepository } from '../db/case-clocks.js';
import type { CaseEventRepository } from '../db/case-events.js';
import type {
  CaseLetterKind,
  DocumentKind,
  InformationKind,
  LetterExtras,
  PeopleFormat,
  RenderableFormat,
} from './kinds.js';
import type { CaseRepository } from '../db/cases.js';
import type { ConversationRepository } from '../db/conversations.js';
import type { PartyRepository } from '../db/parties.js';
import type { CustomerRepository } from '../db/customers.js';
import type { FulfilmentTask } from './document-store.js';
import type { Message, PreferredFormat } from '../db/rows.js';

/**
 * The documents seam: what the case service, the staff tools and the bot call. The
 * implementation is DocumentService; callers depend on this shape only.
 */

/** A rendered document at its unguessable address, until it expires. */
export interface DocumentLink {
  documentId: string;
  kind: DocumentKind;
  format: RenderableFormat;
  language: string;
  /** The HTML page. */
  url: string;
  /** The same document as a PDF. */
  pdfUrl: string;
  expiresAt: Date;
}

/**
 * What a request produced: always a rendered version (in the format asked, or standard
 * print while people make the format asked for), and the accessibility team's task when
 * the format is one people make (braille, audio, BSL, an interpreter, a translation).
 */
export interface DocumentResult {
  link: DocumentLink;
  task: FulfilmentTask | null;
}

export interface LetterSent extends DocumentResult {
  /** Whether the customer is told the link on their own channel; false when there is no private one. */
  told: boolean;
}

export interface InformationRequest {
  kind: InformationKind;
  format: PreferredFormat;
  /** A language code; a language without document wording gets English and, for "another language", a translation task. */
  language: string;
  caseId: string | null;
  customerId: string | null;
  /** The customer's words for a need we cannot name ("Turkish", "interpreter: Tigrinya"), for the task. */
  accessNeeds?: string | null;
}

export interface TaskRequest {
  kind: DocumentKind | 'other';
  /** The document in the customer's words, when it is not one we can name. */
  description?: string | null;
  format: PeopleFormat;
  language: string;
  caseId: string | null;
  customerId: string | null;
  /** Makes the task once per request, however often it is asked for (a replayed turn or job). */
  key: string;
}

/** What a previewed letter assumes that is not true of the case yet. */
export interface LetterPreviewAs {
  stage?: 'none' | 'first_time_fix' | 'stage1' | 'stage2';
  /** The response due date the letter will give; null for none. */
  responseDueAt?: Date | null;
}

export interface DocumentPort {
  /**
   * Render a case letter in the customer's preferred format and language, give them the
   * link on their own channel (in their language), and open a task when people must make
   * the format. `key` makes the message once per letter (e.g. the stage, or the new due date).
   */
  sendCaseLetter(
    caseId: string,
    kind: CaseLetterKind,
    extras?: LetterExtras,
    options?: { key?: string },
  ): Promise<LetterSent>;
  /** The same, without telling the customer: for a caller that says it in its own words. */
  renderForCase(
    caseId: string,
    kind: CaseLetterKind,
    extras?: LetterExtras,
    options?: { key?: string },
  ): Promise<DocumentResult>;
  /**
   * The letter exactly as it would go, for a colleague to read before confirming: rendered
   * in the customer's format and language, told to nobody, no task opened, audited as a
   * preview. `as` gives the facts the case will have once the action is done (stage 2, the
   * new response date). The link works for a day.
   */
  previewCaseLetter(
    caseId: string,
    kind: CaseLetterKind,
    extras?: LetterExtras,
    as?: LetterPreviewAs,
  ): Promise<DocumentLink>;
  /** An information document (no case needed) in a language and format. */
  requestInformation(request: InformationRequest): Promise<DocumentResult>;
  /** Work for the accessibility team, due by the pack's letter standard, shown to staff with its case. */
  openTask(request: TaskRequest): Promise<FulfilmentTask>;
}

export type { FulfilmentTask, PeopleFormat };

/** What the documents service reads and writes of the system of record. */
export type DocumentRecords = Pick<CaseClockRepository, 'listClocks'> &
  Pick<CaseEventRepository, 'appendEvent'> &
  Pick<CaseRepository, 'getCase'> &
  Pick<ConversationRepository, 'getConversation'> &
  Pick<CustomerRepository, 'getCustomer'> &
  /** Where a case's news may go (src/db/parties.ts); without it, the case's own conversation. */
  Partial<Pick<PartyRepository, 'caseConversationFor'>>;

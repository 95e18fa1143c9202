import { CaseService } from '../src/cases/case-service.js';
import type { OriginReader } from '../src/cases/origins.js';
import { StepService } from '../src/cases/steps.js';
import { CaseStore, type CaseStoreOptions } from '../src/db/case-store.js';
import type { Database } from '../src/db/database.js';
import { DeliveryService, PrintBatcher, type EmailJobs, type LetterPdfs, type Mailer } from '../src/delivery/index.js';
import { DocumentService } from '../src/documents/document-service.js';
import type { Translator } from '../src/i18n.js';
import { StoreAndEnqueue } from '../src/intake.js';
import type { Logger } from '../src/logger.js';
import { NationService } from '../src/nations/index.js';
import { Outbox } from '../src/outbox.js';
import type { Calendars, Division, PolicyPack } from '../src/policy/index.js';
import type { Queues } from '../src/queues/queues.js';

export interface CoreOptions extends CaseStoreOptions {
  db: Database;
  queues: Queues;
  translator: Translator;
  pack: PolicyPack;
  calendars: Calendars;
  logger: Logger;
  /** Keys letter links (derived from the gateway's one stable secret, so every web node checks them alike). */
  documentSecret: string;
  publicBaseUrl: string;
  /** {{landlord}}, {{phone}}… for letters. */
  landlord: Readonly<Record<string, string>>;
  /** What channels say about where a conversation began (Meta's public comments). @defaultValue none */
  origins?: readonly OriginReader[];
  /** @defaultValue the clock on the wall */
  now?: () => Date;
  /**
   * Whether cases send letters (the acknowledgement, response and fix letters) and the bot
   * offers documents. Off only where nothing is sent: the dialog transcripts and the
   * terminal chat. @defaultValue true
   */
  letters?: boolean;
  /** TWILIO_FROM, for a first SMS to a customer (a representative's consent request). @defaultValue none */
  smsFrom?: string;
  /** UK_DIVISION: the division of customers without a postcode (docs/rules/nations.md). @defaultValue england-and-wales */
  defaultDivision?: Division;
  /** Email to customers who chose it (SMTP_URL, MAIL_FROM). @defaultValue none: they are told on chat, and staff see why */
  mailer?: Mailer | null;
  /** The delivery queue that sends (and retries) emails. @defaultValue none: sent at once, without retries */
  emailJobs?: EmailJobs | null;
  /** How long an email notice and its letter's email wait for each other (DeliveryService). @defaultValue 60 s */
  letterWaitMs?: number;
  /** Where the daily print runs write their PDFs. @defaultValue ./data/print */
  printDir?: string;
}

/** The system of record and the two ways into it: intake for customers' messages, the outbox for ours. */
export interface Records {
  store: CaseStore;
  intake: StoreAndEnqueue;
  outbox: Outbox;
}

/** Step one's first half, all the turn pipeline needs: the store, intake and the outbox over the queues. */
export function buildRecords(options: Pick<CoreOptions, 'db' | 'queues' | 'onOutboundStatus'>): Records {
  const { db, queues } = options;
  const store = new CaseStore(db, options.onOutboundStatus ? { onOutboundStatus: options.onOutboundStatus } : {});
  // A representative whose consent was withdrawn is sent nothing more (issue 16).
  return {
    store,
    intake: new StoreAndEnqueue(store, queues),
    outbox: new Outbox(store, queues),
  };
}

/** The core every role and every harness needs: the system of record, intake, the outbox, letters and cases. */
export interface Core extends Records {
  documents: DocumentService;
  cases: CaseService;
  /** Staff-recorded steps that meet clocks, and remedies (src/cases/steps.ts). */
  steps: StepService;
  /** Every notice and letter to a customer, by their chosen contact method (src/delivery). */
  delivery: DeliveryService;
  /** The day's letters for the post. */
  printer: PrintBatcher;
  nations: NationService;
}

/** Step one of start-up: the core, wired once for the gateway and the test harnesses alike. */
export function buildCore(options: CoreOptions): Core {
  const { db, queues, translator, pack, calendars, logger } = options;
  const { store, intake, outbox } = buildRecords(options);
  const now = options.now ? { now: options.now } : {};
  // Letters are made by the documents service, which itself delivers through this one.
  const letters: LetterPdfs = { letterPdf: (id) => documents.letterPdf(id) };
  const delivery = new DeliveryService({
    store,
    db,
    outbox,
    letters,
    mailer: options.mailer ?? null,
    emailJobs: options.emailJobs ?? null,
    ...(options.letterWaitMs === undefined ? {} : { letterWaitMs: options.letterWaitMs }),
    queues,
    translator,
    pack,
    calendars,
    landlord: options.landlord,
    logger,
    ...now,
  });
  const printer = new PrintBatcher({
    deliveries: delivery.deliveries,
    service: delivery,
    store,
    letters,
    translator,
    calendars,
    landlord: options.landlord,
    directory: options.printDir ?? './data/print',
    logger,
    ...now,
  });
  const nations = new NationService({ db, defaultDivision: options.defaultDivision ?? 'england-and-wales' });
  const documents: DocumentService = new DocumentService({
    store,
    translator,
    pack,
    calendars,
    queues,
    outbox,
    secret: options.documentSecret,
    publicBaseUrl: options.publicBaseUrl,
    landlord: options.landlord,
    logger,
    delivery,
    ...now,
  });
  const cases = new CaseService({
    store,
    queues,
    outbox,
    pack,
    calendars,
    translator,
    logger,
    ...(options.letters === false ? {} : { documents }),
    delivery,
    nations,
    ...now,
    ...(options.origins ? { origins: options.origins } : {}),
    ...(options.smsFrom ? { smsFrom: options.smsFrom } : {}),
  });
  const steps = new StepService({ store, cases, queues, outbox, logger, ...now });
  return { store, intake, outbox, documents, cases, steps, delivery, printer, nations };
}

import { CaseService } from '../src/cases/case-service.js';
import type { OriginReader } from '../src/cases/origins.js';
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
  /** UK_DIVISION: the division of customers without a postcode (docs/rules/nations.md). @defaultValue england-and-wales */
  defaultDivision?: Division;
  /** Email to customers who chose it (SMTP_URL, MAIL_FROM). @defaultValue none: they are told on chat, and staff see why */
  mailer?: Mailer | null;
  /** The delivery queue that sends (and retries) emails. @defaultValue none: sent at once, without retries */
  emailJobs?: EmailJobs | null;
  /** Where the daily print runs write their PDFs. @defaultValue ./data/print */
  printDir?: string;
}

/** The core every role and every harness needs: the system of record, intake, the outbox, letters and cases. */
export interface Core {
  store: CaseStore;
  intake: StoreAndEnqueue;
  outbox: Outbox;
  documents: DocumentService;
  cases: CaseService;
  /** Every notice and letter to a customer, by their chosen contact method (src/delivery). */
  delivery: DeliveryService;
  /** The day's letters for the post. */
  printer: PrintBatcher;
  nations: NationService;
}

/** Step one of start-up: the core, wired once for the gateway and the test harnesses alike. */
export function buildCore(options: CoreOptions): Core {
  const { db, queues, translator, pack, calendars, logger } = options;
  const store = new CaseStore(db, options.onOutboundStatus ? { onOutboundStatus: options.onOutboundStatus } : {});
  const outbox = new Outbox(store, queues);
  const intake = new StoreAndEnqueue(store, queues);
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
    documents,
    delivery,
    nations,
    ...now,
    ...(options.origins ? { origins: options.origins } : {}),
  });
  return { store, intake, outbox, documents, cases, delivery, printer, nations };
}

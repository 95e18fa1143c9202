import { CaseService } from '../src/cases/case-service.js';
import type { OriginReader } from '../src/cases/origins.js';
import { CaseStore, type CaseStoreOptions } from '../src/db/case-store.js';
import type { Database } from '../src/db/database.js';
import { DocumentService } from '../src/documents/document-service.js';
import type { Translator } from '../src/i18n.js';
import { StoreAndEnqueue } from '../src/intake.js';
import type { Logger } from '../src/logger.js';
import { Outbox } from '../src/outbox.js';
import { representativeGate } from '../src/data-protection/representative-gate.js';
import type { Calendars, PolicyPack } from '../src/policy/index.js';
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
}

/** The core every role and every harness needs: the system of record, intake, the outbox, letters and cases. */
export interface Core {
  store: CaseStore;
  intake: StoreAndEnqueue;
  outbox: Outbox;
  documents: DocumentService;
  cases: CaseService;
}

/** Step one of start-up: the core, wired once for the gateway and the test harnesses alike. */
export function buildCore(options: CoreOptions): Core {
  const { db, queues, translator, pack, calendars, logger } = options;
  const store = new CaseStore(db, options.onOutboundStatus ? { onOutboundStatus: options.onOutboundStatus } : {});
  // A representative whose consent was withdrawn is sent nothing more (issue 16).
  const outbox = new Outbox(store, queues, representativeGate(db));
  const intake = new StoreAndEnqueue(store, queues);
  const now = options.now ? { now: options.now } : {};
  const documents = new DocumentService({
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
    ...now,
    ...(options.origins ? { origins: options.origins } : {}),
  });
  return { store, intake, outbox, documents, cases };
}

import { randomUUID } from 'node:crypto';
import { capabilitiesOf } from '../channel.js';
import type { JobSink } from '../cases/sla-jobs.js';
import type { Database } from '../db/database.js';
import type { Case, Customer, Message, PreferredFormat, UkDivision } from '../db/rows.js';
import { NotFoundError, PolicyError } from '../errors.js';
import type { Translator } from '../i18n.js';
import { stableUuid } from '../ids.js';
import { toLanguageCode } from '../languages.js';
import type { Logger } from '../logger.js';
import type { DeliveryPort } from '../delivery/ports.js';
import { ombudsmanNation } from '../nations/ombudsman.js';
import type { Outbox } from '../outbox.js';
import { serviceStandardDue, type Calendars, type PolicyPack } from '../policy/index.js';
import { jobId } from '../queues/definitions.js';
import type { DocumentContent } from './blocks.js';
import { DocumentStore, type DocumentRow, type FulfilmentTask } from './document-store.js';
import {
  caseLetterKinds,
  isRenderableFormat,
  LetterExtrasSchema,
  LetterFactsSchema,
  type CaseLetterKind,
  type DocumentKind,
  type InformationKind,
  type LetterExtras,
  type LetterFacts,
  type PeopleFormat,
  type RenderableFormat,
} from './kinds.js';
import type {
  DocumentLink,
  DocumentPort,
  DocumentRecords,
  DocumentResult,
  InformationRequest,
  LetterPreviewAs,
  LetterSent,
  TaskRequest,
} from './ports.js';
import { renderHtml, type RenderedHtml } from './render-html.js';
import { renderPdf } from './render-pdf.js';
import { buildDocument } from './templates.js';
import { documentTokenPattern, hashDocumentToken, newDocumentToken } from './tokens.js';
import { hasDocumentWords, wordingFor } from './wording.js';

export interface DocumentServiceDeps {
  /** The case records it reads and audits, and (for the default DocumentStore) their database. */
  store: DocumentRecords & { readonly db: Database };
  /** @defaultValue a DocumentStore over the case store's database */
  documents?: DocumentStore;
  translator: Translator;
  pack: PolicyPack;
  calendars: Calendars;
  /** Handoff jobs, so staff see a fulfilment task on the case's card. */
  queues: JobSink;
  /** Tells the customer a letter is ready; without it letters are stored but not announced. */
  outbox?: Pick<Outbox, 'say' | 'notify'>;
  /**
   * Sends the letter by the customer's contact method (email with the PDF attached, the post,
   * a colleague's call), the chat channel being the fallback (docs/rules/delivery.md#by-contact-method).
   * @defaultValue none: the link goes on the channel the case came from
   */
  delivery?: DeliveryPort;
  /** Keys the hash of every link's token (HMAC). */
  secret: string;
  /** Where customers reach the gateway: links are `${publicBaseUrl}/documents/<token>`. */
  publicBaseUrl: string;
  /** Values any document may use: {{landlord}}, {{phone}}, {{emergencyLine}}, {{website}}, {{privacyUrl}}. */
  landlord: Readonly<Record<string, string>>;
  /** How long a link works. @defaultValue 7 */
  linkTtlDays?: number;
  logger: Logger;
  now?: () => Date;
}

/** What to render now, and what people must make, for a stored preference. */
export interface FormatPlan {
  render: { format: RenderableFormat; language: string };
  task: { format: PeopleFormat; language: string } | null;
}

/**
 * The customer's preference (seeds 000/001: stored once, it drives every later letter)
 * turned into what the gateway renders and what the accessibility team makes. Anything
 * people make comes with a standard-print version meanwhile (a screen reader reads it).
 */
export function planFormats(
  format: PreferredFormat,
  language: string,
  hasWords: (lang: string) => boolean,
): FormatPlan {
  const code = toLanguageCode(language) ?? 'en';
  const own = hasWords(code) ? code : 'en';
  if (isRenderableFormat(format)) return { render: { format, language: own }, task: null };
  // A language with our wording is rendered; any other (or one the customer named in their own words) is translated by people.
  if (format === 'another_language') {
    return own !== 'en'
      ? { render: { format: 'standard', language: own }, task: null }
      : { render: { format: 'standard', language: 'en' }, task: { format, language } };
  }
  return { render: { format: 'standard', language: own }, task: { format, language } };
}

export type OpenedDocument =
  | { status: 'found'; document: DocumentRow; token: string }
  | { status: 'expired'; document: DocumentRow }
  | { status: 'not_found' };

const defaultTtlDays = 7;
/** A preview is read while the colleague decides, not kept. */
const previewTtlMs = 86_400_000;
const systemActor = 'system';
/** Enough of the customer's words for a letter to quote; the case keeps them all. */
const wordsKept = 2000;

/**
 * Letters and information documents in the customer's format and language: rendered from
 * one template per document, kept as the facts they were written from, served at an
 * unguessable address that expires. Formats people make become fulfilment tasks.
 */
export class DocumentService implements DocumentPort {
  readonly documents: DocumentStore;
  private readonly now: () => Date;
  private readonly ttlMs: number;

  constructor(private readonly deps: DocumentServiceDeps) {
    this.documents = deps.documents ?? new DocumentStore(deps.store.db);
    this.now = deps.now ?? (() => new Date());
    this.ttlMs = (deps.linkTtlDays ?? defaultTtlDays) * 86_400_000;
  }

  /** The language a document is written in: the one asked for when it has document wording, else English. */
  documentLanguage(lang: string): string {
    const code = toLanguageCode(lang) ?? 'en';
    return hasDocumentWords(this.deps.translator, code) ? code : 'en';
  }

  // ── case letters ───────────────────────────────────────────────────────────

  async renderForCase(
    caseId: string,
    kind: CaseLetterKind,
    extras: LetterExtras = {},
    options: { key?: string } = {},
  ): Promise<DocumentResult> {
    return (await this.issueCaseLetter(caseId, kind, extras, options.key ?? kind)).result;
  }

  async sendCaseLetter(
    caseId: string,
    kind: CaseLetterKind,
    extras: LetterExtras = {},
    options: { key?: string } = {},
  ): Promise<LetterSent> {
    const key = options.key ?? kind;
    const { result, row, customer, title } = await this.issueCaseLetter(caseId, kind, extras, key);
    const told = await this.tellCustomer(row, customer, result, title, key);
    return { ...result, told };
  }

  async previewCaseLetter(
    caseId: string,
    kind: CaseLetterKind,
    rawExtras: LetterExtras = {},
    as: LetterPreviewAs = {},
  ): Promise<DocumentLink> {
    if (!(caseLetterKinds as readonly string[]).includes(kind)) throw new PolicyError(`${kind} is not a case letter`);
    const extras = LetterExtrasSchema.parse(rawExtras);
    const row = await this.deps.store.getCase(caseId);
    if (!row) throw new NotFoundError(`no case ${caseId}`);
    const customer = row.customer_id ? await this.deps.store.getCustomer(row.customer_id) : undefined;
    const facts = await this.letterFacts({ ...row, ...(as.stage ? { stage: as.stage } : {}) }, customer, kind, extras);
    if (as.responseDueAt !== undefined) facts.responseDueAt = as.responseDueAt ? as.responseDueAt.toISOString() : null;
    const plan = planFormats(customer?.preferred_format ?? 'standard', customer?.preferred_language ?? 'en', (l) =>
      this.hasWords(l),
    );
    const { link } = await this.issue({
      kind,
      caseId: row.id,
      customerId: row.customer_id,
      ...plan.render,
      facts: LetterFactsSchema.parse(facts),
      preview: true,
    });
    return link;
  }

  private async issueCaseLetter(
    caseId: string,
    kind: CaseLetterKind,
    rawExtras: LetterExtras,
    key: string,
  ): Promise<{ result: DocumentResult; row: Case; customer: Customer | undefined; title: string }> {
    if (!(caseLetterKinds as readonly string[]).includes(kind)) throw new PolicyError(`${kind} is not a case letter`);
    const extras = LetterExtrasSchema.parse(rawExtras);
    const row = await this.deps.store.getCase(caseId);
    if (!row) throw new NotFoundError(`no case ${caseId}`);
    const customer = row.customer_id ? await this.deps.store.getCustomer(row.customer_id) : undefined;
    const facts = await this.letterFacts(row, customer, kind, extras);
    // Stored once, the preference drives every later letter without asking again (seeds 000/001).
    const plan = planFormats(customer?.preferred_format ?? 'standard', customer?.preferred_language ?? 'en', (l) =>
      this.hasWords(l),
    );
    const { link, content } = await this.issue({
      kind,
      caseId: row.id,
      customerId: row.customer_id,
      ...plan.render,
      facts,
    });
    const task = plan.task
      ? await this.openTask({
          kind,
          format: plan.task.format,
          language: plan.task.language,
          description: customer?.access_needs ?? null,
          caseId: row.id,
          customerId: row.customer_id,
          key,
        })
      : null;
    return { result: { link, task }, row, customer, title: content.title };
  }

  /** The facts a letter is written from; what the caller did not give is read from the case and its clocks. */
  private async letterFacts(
    row: Case,
    customer: Customer | undefined,
    kind: CaseLetterKind,
    extras: LetterExtras,
  ): Promise<LetterFacts> {
    const clocks = await this.deps.store.listClocks(row.id);
    const responseClock = clocks.find(
      (c) => c.name === (row.stage === 'stage2' ? 'stage2_response' : 'stage1_response'),
    );
    let extension = extras.extension;
    if (kind === 'extension_notice' && !extension) {
      const extended = clocks.find((c) => c.extension_reason && c.status === 'running' && c.name.endsWith('_response'));
      if (extended?.extension_reason) {
        extension = {
          reason: extended.extension_reason,
          newDueAt: new Date(extended.due_at).toISOString(),
          previousDueAt: new Date(extended.original_due_at).toISOString(),
        };
      }
    }
    if (kind === 'extension_notice' && !extension)
      throw new PolicyError(`case ${row.reference} has no extension to tell the customer about`);
    if ((kind === 'stage1_response' || kind === 'stage2_response') && !extras.response) {
      throw new PolicyError(
        `a ${kind} needs the outcome, reasons, remedy, outstanding actions and changes (docs/rules/responses.md#response-contents)`,
      );
    }
    return LetterFactsSchema.parse({
      ...extras,
      ...(extension ? { extension } : {}),
      reference: row.reference,
      caseKind: row.kind,
      stage: row.stage,
      customerName: customer?.name ?? null,
      receivedAt: new Date(row.received_at).toISOString(),
      customerWords: row.customer_words.slice(0, wordsKept),
      desiredOutcome: row.desired_outcome,
      responseDueAt:
        responseClock && responseClock.status === 'running' ? new Date(responseClock.due_at).toISOString() : null,
      nation: ombudsmanNation(customer),
    });
  }

  /** The customer's link on the channel the case came from; never on a public one (a Page comment). */
  /** Tell the customer the letter is ready, on their own channel; false when there is no private one. */
  private async tellCustomer(
    row: Case,
    customer: Customer | undefined,
    result: DocumentResult,
    title: string,
    key: string,
  ): Promise<boolean> {
    const { outbox, store, logger, delivery } = this.deps;
    if (delivery) {
      const outcome = await delivery.deliver({
        caseId: row.id,
        key: `letter:${row.id}:${result.link.kind}:${key}`,
        author: 'bot',
        chatId: stableUuid(row.id, 'letter', result.link.kind, key),
        documentId: result.link.documentId,
        text: (lang, context) => this.letterReadyText(row, result, title, lang, context),
      });
      return outcome.reached;
    }
    // Never to a representative the customer has not agreed to (docs/rules/contacts.md#representatives).
    const conversationId = store.caseConversationFor ? await store.caseConversationFor(row) : row.conversation_id;
    if (!outbox || !conversationId) return false;
    const conversation = await store.getConversation(conversationId);
    if (!conversation || capabilitiesOf(conversation.channel_id).isPublic) {
      logger.info({ caseId: row.id, kind: result.link.kind }, 'letter not announced: no private channel for this case');
      return false;
    }
    const lang = customer?.preferred_language ?? conversation.locale ?? 'en';
    const text = this.letterReadyText(row, result, title, lang, capabilitiesOf(conversation.channel_id).wording);
    // During the turn that opened the case, this waits for the bot's own confirmation.
    await outbox.notify(conversation.id, {
      id: stableUuid(row.id, 'letter', result.link.kind, key),
      text,
      author: 'bot',
      caseId: row.id,
      locale: lang,
    });
    return true;
  }

  /** "Your letter about CMP-… is ready: <link>", in the customer's language, with any task's date. */
  private letterReadyText(
    row: Case,
    result: DocumentResult,
    title: string,
    lang: string,
    context: string | undefined,
  ): string {
    const t = this.deps.translator;
    const parts = [
      t.t(lang, 'documents:message.letterReady', {
        reference: row.reference,
        title,
        format: t.t(lang, `documents:formats.${result.link.format}`),
        url: result.link.url,
        date: t.formatDate(result.link.expiresAt, lang),
        context,
      }),
    ];
    if (result.task)
      parts.push(
        t.t(lang, `documents:message.task.${result.task.format}`, { date: t.formatDate(result.task.due_at, lang) }),
      );
    return parts.join('\n');
  }

  /** A stored letter as a PDF, for an email's attachment or the print run (src/delivery). */
  async letterPdf(documentId: string): Promise<{ pdf: Buffer; kind: string; format: RenderableFormat } | undefined> {
    const document = await this.documents.getDocument(documentId);
    if (!document) return undefined;
    return { pdf: await this.pdf(document), kind: document.kind, format: document.format };
  }

  // ── information documents ──────────────────────────────────────────────────

  /** An information document in a language and a format the gateway renders; no case needed. */
  async renderInformation(
    kind: InformationKind,
    language: string,
    format: RenderableFormat,
    owner: { caseId?: string | null; customerId?: string | null } = {},
  ): Promise<DocumentLink> {
    const { link } = await this.issue({
      kind,
      caseId: owner.caseId ?? null,
      customerId: owner.customerId ?? null,
      language: this.documentLanguage(language),
      format,
      facts: null,
    });
    return link;
  }

  async requestInformation(request: InformationRequest): Promise<DocumentResult> {
    const plan = planFormats(request.format, request.language, (l) => this.hasWords(l));
    const link = await this.renderInformation(request.kind, plan.render.language, plan.render.format, request);
    const task = plan.task
      ? await this.openTask({
          kind: request.kind,
          format: plan.task.format,
          language: plan.task.language,
          description: request.accessNeeds ?? null,
          caseId: request.caseId,
          customerId: request.customerId,
          key: request.caseId ?? link.documentId,
        })
      : null;
    return { link, task };
  }

  // ── fulfilment tasks ───────────────────────────────────────────────────────

  async openTask(request: TaskRequest): Promise<FulfilmentTask> {
    const now = this.now();
    const customer = request.customerId ? await this.deps.store.getCustomer(request.customerId) : undefined;
    const division: UkDivision = customer?.uk_division ?? 'england-and-wales';
    // seed 002 (pack serviceStandards.letter): written replies within 10 working days; documents in other formats are letters.
    const due = serviceStandardDue({
      standard: 'letter',
      receivedAt: now,
      pack: this.deps.pack,
      calendar: this.deps.calendars[division],
    });
    const { task, created } = await this.documents.insertTask({
      id: stableUuid(
        'fulfilment',
        request.caseId ?? request.customerId ?? '',
        request.kind,
        request.format,
        request.key,
      ),
      caseId: request.caseId,
      customerId: request.customerId,
      kind: request.kind,
      description: request.description ?? null,
      format: request.format,
      language: request.language,
      dueAt: due.dueAt,
      basis: due.basis,
      createdAt: now,
    });
    if (created && request.caseId) {
      await this.deps.store.appendEvent(request.caseId, systemActor, 'fulfilment_task_opened', {
        taskId: task.id,
        kind: task.kind,
        format: task.format,
        language: task.language,
        description: task.description,
        dueAt: new Date(task.due_at).toISOString(),
        basis: task.basis,
      });
      await this.deps.queues.add(
        'handoff',
        { type: 'case_updated', caseId: request.caseId, change: 'fulfilment_task' },
        { id: jobId('case-updated', request.caseId, 'fulfilment_task', task.id) },
      );
    }
    if (created)
      this.deps.logger.info(
        { taskId: task.id, caseId: task.case_id, format: task.format, kind: task.kind },
        'fulfilment task opened',
      );
    return task;
  }

  /** The accessibility team's list, soonest due first. */
  listOpenTasks(): Promise<FulfilmentTask[]> {
    return this.documents.listOpenTasks();
  }

  /** The team has sent it: the task is done, and the case's card says so. */
  async completeTask(taskId: string, actor: string): Promise<FulfilmentTask> {
    const task = await this.documents.completeTask(taskId, actor, this.now());
    if (!task) throw new NotFoundError(`no open fulfilment task ${taskId}`);
    if (task.case_id) {
      await this.deps.store.appendEvent(task.case_id, actor, 'fulfilment_task_done', {
        taskId,
        format: task.format,
        kind: task.kind,
      });
      await this.deps.queues.add(
        'handoff',
        { type: 'case_updated', caseId: task.case_id, change: 'fulfilment_task_done' },
        { id: jobId('case-updated', task.case_id, 'fulfilment_task_done', task.id) },
      );
    }
    return task;
  }

  // ── serving ────────────────────────────────────────────────────────────────

  /** The document behind a link, if the link is one of ours and has not expired. */
  async open(token: string): Promise<OpenedDocument> {
    if (!documentTokenPattern.test(token)) return { status: 'not_found' };
    const document = await this.documents.findDocumentByTokenHash(hashDocumentToken(this.deps.secret, token));
    if (!document) return { status: 'not_found' };
    if (new Date(document.expires_at).getTime() <= this.now().getTime()) return { status: 'expired', document };
    return { status: 'found', document, token };
  }

  /** The page of a stored document; `pdfHref` links to its PDF. */
  html(document: DocumentRow, pdfHref?: string): RenderedHtml {
    const content = this.contentOf(document);
    const wording = wordingFor(this.deps.translator, document.language, document.format, this.deps.landlord);
    return renderHtml(content, {
      format: document.format,
      ...(pdfHref ? { pdf: { href: pdfHref, text: wording.t('common.pdfLink') } } : {}),
    });
  }

  async pdf(document: DocumentRow, options: { compress?: boolean } = {}): Promise<Buffer> {
    const content = this.contentOf(document);
    const wording = wordingFor(this.deps.translator, document.language, document.format, this.deps.landlord);
    return renderPdf(content, {
      format: document.format,
      author: this.deps.landlord['landlord'],
      createdAt: new Date(document.created_at),
      rtlNote: wording.t('common.rtlPdfNote'),
      ...options,
    });
  }

  /** A short page for a link that is not ours or has expired, in the document's language when we know it. */
  errorPage(kind: 'not_found' | 'expired', language = 'en'): RenderedHtml {
    const w = wordingFor(this.deps.translator, this.documentLanguage(language), 'standard', this.deps.landlord);
    const content: DocumentContent = {
      lang: w.tag,
      dir: w.dir,
      from: w.t('common.from'),
      title: kind === 'expired' ? w.t('page.expiredTitle') : w.t('page.notFoundTitle'),
      blocks: [{ type: 'paragraph', text: kind === 'expired' ? w.t('page.expired') : w.t('page.notFound') }],
    };
    return renderHtml(content, { format: 'standard' });
  }

  // ── helpers ────────────────────────────────────────────────────────────────

  private hasWords(lang: string): boolean {
    return hasDocumentWords(this.deps.translator, lang);
  }

  private contentOf(document: DocumentRow): DocumentContent {
    const facts = (caseLetterKinds as readonly string[]).includes(document.kind)
      ? LetterFactsSchema.parse(document.facts)
      : null;
    return this.content(document.kind, document.language, document.format, facts, new Date(document.created_at));
  }

  private content(
    kind: DocumentKind,
    language: string,
    format: RenderableFormat,
    facts: LetterFacts | null,
    issuedAt: Date,
  ): DocumentContent {
    // {{ombudsman}}: the ombudsman of the customer's nation, named in the document's language.
    const ombudsman = this.deps.translator.t(language, `nations:ombudsman.${facts?.nation ?? 'england'}`);
    return buildDocument(kind, {
      wording: wordingFor(this.deps.translator, language, format, { ...this.deps.landlord, ombudsman }),
      pack: this.deps.pack,
      issuedAt,
      ...(facts ? { facts } : {}),
    });
  }

  /** Store a document under a fresh token. It is built first, so a template that cannot be filled fails here, not when the customer opens it. */
  private async issue(input: {
    kind: DocumentKind;
    caseId: string | null;
    customerId: string | null;
    language: string;
    format: RenderableFormat;
    facts: LetterFacts | null;
    /** A colleague's preview: kept a day, audited as a preview, never sent. */
    preview?: boolean;
  }): Promise<{ link: DocumentLink; content: DocumentContent }> {
    const now = this.now();
    const ttlMs = input.preview ? Math.min(this.ttlMs, previewTtlMs) : this.ttlMs;
    const content = this.content(input.kind, input.language, input.format, input.facts, now);
    const token = newDocumentToken();
    const row = await this.documents.insertDocument({
      id: randomUUID(),
      tokenHash: hashDocumentToken(this.deps.secret, token),
      caseId: input.caseId,
      customerId: input.customerId,
      kind: input.kind,
      language: input.language,
      format: input.format,
      facts: input.facts ?? {},
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttlMs),
    });
    if (input.caseId) {
      // The audit shows what was sent and in which format; never the token, which would open it.
      await this.deps.store.appendEvent(
        input.caseId,
        systemActor,
        input.preview ? 'document_previewed' : 'document_issued',
        {
          documentId: row.id,
          kind: row.kind,
          format: row.format,
          language: row.language,
          expiresAt: new Date(row.expires_at).toISOString(),
        },
      );
    }
    const url = `${this.deps.publicBaseUrl.replace(/\/+$/, '')}/documents/${token}`;
    return {
      link: {
        documentId: row.id,
        kind: row.kind,
        format: row.format,
        language: row.language,
        url,
        pdfUrl: `${url}.pdf`,
        expiresAt: new Date(row.expires_at),
      },
      content,
    };
  }
}

import { capabilitiesOf } from '../channel.js';
import type { JobSink } from '../cases/sla-jobs.js';
import type { Queryable } from '../db/database.js';
import type { Case, Conversation, Customer, Message } from '../db/rows.js';
import type { Translator } from '../i18n.js';
import { stableUuid } from '../ids.js';
import type { Logger } from '../logger.js';
import type { Outbox } from '../outbox.js';
import { serviceStandardDue, type Calendars, type PolicyPack } from '../policy/index.js';
import { jobId } from '../queues/definitions.js';
import { DeliveryStore, type Delivery } from './delivery-store.js';
import type { Mailer } from './mailer.js';
import type { CustomerNotice, DeliveryOutcome, DeliveryPort, DeliveryRecords, LetterPdfs } from './ports.js';
import { chooseRoute, fallbackReasons, maskRecipient, type FallbackReason } from './routes.js';

/** Queues an email to be sent (and retried through an SMTP outage) by the delivery worker. */
export interface EmailJobs {
  /** `delayMs`: not before then (a notice waiting for its letter). */
  sendEmail(deliveryId: string, options?: { delayMs?: number }): Promise<void>;
}

export interface DeliveryServiceDeps {
  store: DeliveryRecords;
  db: Queryable;
  /** @defaultValue a DeliveryStore over db */
  deliveries?: DeliveryStore;
  outbox: Pick<Outbox, 'say' | 'notify'>;
  letters: LetterPdfs;
  /** Email through SMTP; without it a customer who chose email is told on chat (and staff see why). @defaultValue none */
  mailer?: Mailer | null;
  /** The delivery queue; without it an email is sent at once, with no retry. @defaultValue none */
  emailJobs?: EmailJobs | null;
  /** Card refreshes for staff (handoff jobs). */
  queues: JobSink;
  translator: Translator;
  pack: PolicyPack;
  calendars: Calendars;
  /** {{landlord}} and friends, for subject lines. */
  landlord: Readonly<Record<string, string>>;
  logger: Logger;
  now?: () => Date;
  /**
   * How long an email notice whose letter follows waits for it, to go in the letter's email;
   * past it, it goes alone (the letter could not be made). @defaultValue 60000
   */
  letterWaitMs?: number;
}

const systemActor = 'system';

/**
 * Every customer notice and letter goes through here (docs/rules/delivery.md#by-contact-method):
 * the contact method the customer chose decides the route; the channel the case came from is
 * the fallback, and staff see on the case which route each notice took and why.
 */
export class DeliveryService implements DeliveryPort {
  readonly deliveries: DeliveryStore;
  private readonly now: () => Date;

  constructor(private readonly deps: DeliveryServiceDeps) {
    this.deliveries = deps.deliveries ?? new DeliveryStore(deps.db);
    this.now = deps.now ?? (() => new Date());
  }

  /** The case's chat: never a representative's the customer has not agreed to (docs/rules/contacts.md#representatives). */
  private async caseConversation(row: Case) {
    const id = await this.deps.store.caseConversationFor(row);
    return id ? this.deps.store.getConversation(id) : undefined;
  }

  get emailEnabled(): boolean {
    return Boolean(this.deps.mailer);
  }

  async deliver(notice: CustomerNotice): Promise<DeliveryOutcome> {
    const { store } = this.deps;
    const row = await store.getCase(notice.caseId);
    if (!row) throw new Error(`no case ${notice.caseId}`);
    const customer = row.customer_id ? await store.getCustomer(row.customer_id) : undefined;
    const conversation = await this.caseConversation(row);
    const privateChat = conversation && !capabilitiesOf(conversation.channel_id).isPublic ? conversation : null;
    const lang = customer?.preferred_language ?? conversation?.locale ?? 'en';
    const choice = chooseRoute(customer, { emailEnabled: this.emailEnabled });
    const base = {
      caseId: row.id,
      customerId: row.customer_id,
      key: notice.key,
      preferred: customer?.contact_method ?? null,
      documentId: notice.documentId ?? null,
      language: lang,
      createdAt: this.now(),
    };

    if (choice.route === 'chat') {
      const context = privateChat ? capabilitiesOf(privateChat.channel_id).wording : undefined;
      const body = notice.text(lang, context);
      const { delivery, created } = await this.deliveries.insertDelivery({
        ...base,
        id: stableUuid('delivery', notice.key),
        route: 'chat',
        status: privateChat ? 'sent' : 'failed',
        fallbackReason: choice.fallback ?? (privateChat ? null : 'no private channel'),
        recipient: null,
        subject: null,
        body,
      });
      const message = privateChat && created ? await this.sayOnChat(privateChat, notice, body, lang) : null;
      if (created && (choice.fallback || !privateChat)) await this.audit(row, delivery, 'notice_fell_back');
      if (!privateChat)
        this.deps.logger.info({ caseId: row.id, key: notice.key }, 'notice not delivered: no private channel');
      return { route: 'chat', fallback: choice.fallback, delivery, message, reached: Boolean(privateChat) };
    }

    // By email, a notice whose letter follows goes in the letter's email: one email per step.
    const waitsForLetter =
      choice.route === 'email' && notice.inLetter === true && !notice.documentId && Boolean(this.deps.emailJobs);
    const body = notice.text(lang, undefined);
    const subject = (notice.subject ?? ((l: string) => this.defaultSubject(row, l, Boolean(notice.documentId))))(lang);
    const { delivery, created } = await this.deliveries.insertDelivery({
      ...base,
      id: stableUuid('delivery', notice.key),
      route: choice.route,
      status: 'queued',
      fallbackReason: null,
      recipient: choice.recipient,
      subject,
      body,
      waitsForLetter,
    });
    if (!created) return { route: delivery.route, fallback: null, delivery, message: null, reached: true };

    if (choice.route === 'email') {
      // One email per step (docs/rules/delivery.md#email): a letter's email and the notice that goes
      // with it wait a little for each other, whichever comes first; joining is allowed only in the
      // first half of the wait, so the waiting email's job is never sending it as it is joined.
      const wait = this.deps.letterWaitMs ?? 60_000;
      const since = new Date(this.now().getTime() - wait / 2);
      if (notice.documentId && this.deps.emailJobs) {
        await this.deliveries.takeWaitingNotices(row.id, delivery.id, this.now(), since);
        await this.deps.emailJobs.sendEmail(delivery.id, { delayMs: wait });
      } else if (waitsForLetter) {
        if (!(await this.deliveries.joinLetterEmail(row.id, delivery.id, this.now(), since)))
          await this.deps.emailJobs?.sendEmail(delivery.id, { delayMs: wait });
      } else if (this.deps.emailJobs) await this.deps.emailJobs.sendEmail(delivery.id);
      else await this.sendEmailNow(delivery.id);
    } else if (choice.route === 'letter') {
      // The letter itself goes in the day's print run; a notice the letter repeats needs no page of its own.
      if (notice.inLetter && !notice.documentId) await this.deliveries.markSent(delivery.id, this.now(), null);
      else await this.audit(row, delivery, 'letter_queued');
    } else if (notice.documentId) {
      // A letter is the written copy of what the call says: it goes where the customer reads the case, not as a second call.
      const message = privateChat
        ? await this.sayOnChat(
            privateChat,
            notice,
            notice.text(lang, capabilitiesOf(privateChat.channel_id).wording),
            lang,
          )
        : null;
      await this.deliveries.markSent(delivery.id, this.now(), null);
      return { route: choice.route, fallback: null, delivery, message, reached: Boolean(privateChat) };
    } else {
      await this.openCallTask(row, customer, delivery, notice, privateChat, lang);
    }
    return { route: choice.route, fallback: null, delivery, message: null, reached: true };
  }

  // ── email ─────────────────────────────────────────────────────────────────

  /**
   * The delivery worker's job: send one queued email with its letter attached. Throws when
   * the server is away or refuses, so the job is tried again; `sendEmailGaveUp` follows the last try.
   */
  async sendEmailNow(deliveryId: string): Promise<'sent' | 'skipped'> {
    const delivery = await this.deliveries.getDelivery(deliveryId);
    if (!delivery || delivery.route !== 'email' || delivery.status !== 'queued' || !delivery.recipient)
      return 'skipped';
    const mailer = this.deps.mailer;
    if (!mailer) {
      await this.fallBack(delivery, 'no_smtp', null);
      return 'skipped';
    }
    const attachments = [];
    if (delivery.document_id) {
      const letter = await this.deps.letters.letterPdf(delivery.document_id);
      if (letter) {
        const row = delivery.case_id ? await this.deps.store.getCase(delivery.case_id) : undefined;
        attachments.push({
          filename: `${row?.reference ?? 'letter'}-${letter.kind}.pdf`.replace(/[^\w.-]/g, '-'),
          content: letter.pdf,
          contentType: 'application/pdf',
        });
      }
    }
    let messageId: string;
    try {
      ({ messageId } = await mailer.send({
        to: delivery.recipient,
        subject: delivery.subject ?? '',
        text: delivery.body,
        attachments,
      }));
    } catch (error) {
      await this.deliveries.recordAttempt(delivery.id, (error as Error).message);
      this.deps.logger.warn(
        { deliveryId: delivery.id, caseId: delivery.case_id, err: (error as Error).message },
        'email not sent; it will be tried again',
      );
      throw error;
    }
    await this.deliveries.markSent(delivery.id, this.now(), messageId || null);
    const row = delivery.case_id ? await this.deps.store.getCase(delivery.case_id) : undefined;
    if (row) await this.audit(row, { ...delivery, status: 'sent' }, 'notice_delivered');
    return 'sent';
  }

  /**
   * Emails recorded but without a job (Redis was away when the notice was made, or the job was
   * lost) are queued again; a job that exists is not duplicated (its id is the delivery's).
   * Run at start-up and with each print run, so an email is never left behind.
   */
  async requeueWaitingEmails(olderThanMs = 10 * 60_000): Promise<number> {
    const jobs = this.deps.emailJobs;
    if (!jobs) return 0;
    const waiting = await this.deliveries.listWaitingEmails(new Date(this.now().getTime() - olderThanMs));
    for (const delivery of waiting) await jobs.sendEmail(delivery.id);
    return waiting.length;
  }

  /** Every try failed: the notice goes on the chat channel instead, saying we could not email it, and staff are told. */
  async sendEmailGaveUp(deliveryId: string, error: string): Promise<void> {
    const delivery = await this.deliveries.getDelivery(deliveryId);
    if (!delivery || delivery.route !== 'email' || delivery.status !== 'queued') return;
    this.deps.logger.warn({ deliveryId, caseId: delivery.case_id, err: error }, 'email given up: going by chat');
    await this.fallBack(delivery, 'email_failed', 'delivery:chat.emailFailed');
  }

  private async fallBack(delivery: Delivery, reason: FallbackReason, preface: string | null): Promise<void> {
    const fell = await this.deliveries.fellBack(delivery.id, reason);
    if (!fell || !delivery.case_id) return;
    const row = await this.deps.store.getCase(delivery.case_id);
    if (!row) return;
    const conversation = await this.caseConversation(row);
    const privateChat = conversation && !capabilitiesOf(conversation.channel_id).isPublic ? conversation : null;
    if (privateChat) {
      const lang = delivery.language;
      const text = preface ? `${this.deps.translator.t(lang, preface)}\n\n${delivery.body}` : delivery.body;
      await this.deps.outbox.say(privateChat.id, {
        id: stableUuid('delivery-fallback', delivery.id),
        text,
        author: 'bot',
        caseId: row.id,
        locale: lang,
      });
      await this.deliveries.markSent(delivery.id, this.now(), null);
    } else {
      await this.deliveries.markFailed(delivery.id, `${reason}; no private channel either`);
    }
    await this.audit(row, { ...fell, status: privateChat ? 'sent' : 'failed' }, 'notice_fell_back');
  }

  // ── phone ─────────────────────────────────────────────────────────────────

  /** A colleague calls, by the pack's phone-message standard; the written words follow on chat where there is one. */
  private async openCallTask(
    row: Case,
    customer: Customer | undefined,
    delivery: Delivery,
    notice: CustomerNotice,
    privateChat: Conversation | null,
    lang: string,
  ): Promise<void> {
    const now = this.now();
    const calendar = this.deps.calendars[customer?.uk_division ?? 'england-and-wales'];
    const due = serviceStandardDue({ standard: 'phone_message', receivedAt: now, pack: this.deps.pack, calendar });
    const { task } = await this.deliveries.insertTask({
      id: stableUuid('call-task', delivery.id),
      caseId: row.id,
      customerId: row.customer_id,
      kind: notice.documentId ? 'letter' : 'notice',
      description: `Call ${delivery.recipient ?? ''} about ${row.reference} and tell them: ${delivery.body}`.slice(
        0,
        4000,
      ),
      format: 'phone_call',
      language: lang,
      dueAt: due.dueAt,
      basis: due.basis,
      createdAt: now,
    });
    if (privateChat)
      await this.sayOnChat(
        privateChat,
        notice,
        notice.text(lang, capabilitiesOf(privateChat.channel_id).wording),
        lang,
      );
    await this.deliveries.markSent(delivery.id, now, null, task.id);
    await this.audit(row, { ...delivery, status: 'sent', task_id: task.id }, 'call_task_opened', {
      dueAt: due.dueAt.toISOString(),
    });
  }

  // ── helpers ───────────────────────────────────────────────────────────────

  private async sayOnChat(
    conversation: Conversation,
    notice: CustomerNotice,
    text: string,
    lang: string,
  ): Promise<Message | null> {
    const message = { id: notice.chatId, text, author: notice.author, caseId: notice.caseId, locale: lang };
    if (notice.immediate) return this.deps.outbox.say(conversation.id, message);
    await this.deps.outbox.notify(conversation.id, message);
    return null;
  }

  private defaultSubject(row: Case, lang: string, withLetter: boolean): string {
    return this.deps.translator.t(lang, withLetter ? 'delivery:email.subjectLetter' : 'delivery:email.subject', {
      ...this.deps.landlord,
      reference: row.reference,
    });
  }

  /** The case's audit trail says how the notice went, and its card is refreshed (docs/rules/delivery.md#what-staff-see). */
  async audit(row: Case, delivery: Delivery, type: string, extra: Record<string, unknown> = {}): Promise<void> {
    await this.deps.store.appendEvent(row.id, systemActor, type, {
      deliveryId: delivery.id,
      route: delivery.route,
      preferred: delivery.preferred,
      status: delivery.status,
      to: maskRecipient(delivery.route, delivery.recipient),
      fallbackReason: delivery.fallback_reason,
      fallback: delivery.fallback_reason
        ? (fallbackReasons[delivery.fallback_reason as FallbackReason] ?? delivery.fallback_reason)
        : null,
      documentId: delivery.document_id,
      ...extra,
    });
    await this.deps.queues.add(
      'handoff',
      { type: 'case_updated', caseId: row.id, change: type },
      { id: jobId('case-updated', row.id, type, delivery.id) },
    );
  }
}

import type { CaseClockRepository } from '../db/case-clocks.js';
import type { CaseRepository } from '../db/cases.js';
import type { ChannelId } from '../channel-id.js';
import type { Case } from '../db/rows.js';
import type { DocumentLink } from '../documents/ports.js';
import type { CaseLetterKind, LetterExtras } from '../documents/kinds.js';
import { NotFoundError, PolicyError } from '../errors.js';
import type { Translator } from '../i18n.js';
import type { PolicyPack } from '../policy/index.js';
import type { RefusalReasonId } from '../policy/pack-schema.js';
import { cancelClockJobs, clockFromRow, type JobSink } from './sla-jobs.js';

export type RefusalStore = Pick<CaseRepository, 'getCase' | 'updateCase'> &
  Pick<CaseClockRepository, 'listClocks' | 'setClockStatus'>;

/** How the CaseService says something to the customer and sends a letter (its own private helpers). */
export interface CaseVoice {
  tell(row: Case, what: string, key: string, vars: (lang: string) => Record<string, string>): Promise<void>;
  letter(caseId: string, kind: CaseLetterKind, extras: LetterExtras, key: string): Promise<void>;
  changed(caseId: string, change: string, key: string): Promise<void>;
  /** What `tell` would say and where, changing nothing; null when the case has no private channel. */
  message(
    row: Case,
    key: string,
    vars: (lang: string) => Record<string, string>,
  ): Promise<{ text: string; lang: string; channelId: ChannelId } | null>;
  /** The letter `letter` would send, behind a preview link; null when letters are not wired. */
  previewLetter(caseId: string, kind: CaseLetterKind, extras: LetterExtras): Promise<DocumentLink | null>;
  /** The ombudsman of the customer's nation, as locale variables ({{ombudsman}}, its phone and website). */
  ombudsman(row: Case): Promise<(lang: string) => Record<string, string>>;
}

/** What a refusal would tell the customer, for a colleague to read before it goes. */
export interface RefusalPreview {
  messages: string[];
  letter: DocumentLink | null;
  notSent: string | null;
  lang: string;
  channelId: ChannelId | null;
  claims: boolean;
}

export interface RefusalDeps {
  store: RefusalStore;
  queues: JobSink;
  pack: PolicyPack;
  translator: Translator;
  voice: CaseVoice;
  now: () => Date;
}

/** Kinds a colleague may refuse: complaints (a first-time fix is dissatisfaction too, Code 1.2). */
const refusable: readonly Case['kind'][] = ['formal_complaint', 'first_time_fix'];

/**
 * Refusing a complaint (Code 2024 section 2; docs/rules/contacts.md#refusing-a-complaint): only
 * by a colleague, only for one of the pack's reasons, with their reasoning recorded; the
 * customer is told why and of their right to ask the Ombudsman, in a message and a letter
 * in their format and language (docs/rules/responses.md#refusing-a-complaint).
 */
export class RefusalService {
  constructor(private readonly deps: RefusalDeps) {}

  /** The pack's reasons, for a colleague to choose from. */
  reasons(): PolicyPack['complaints']['refusalReasons'] {
    return this.deps.pack.complaints.refusalReasons;
  }

  async refuse(caseId: string, reasonId: string, actor: string, explanation: string): Promise<Case> {
    const { store, voice } = this.deps;
    const row = await store.getCase(caseId);
    if (!row) throw new NotFoundError(`no case ${caseId}`);
    const reason = this.assertRefusable(row, reasonId, actor, explanation);
    const now = this.deps.now();
    const running = (await store.listClocks(caseId)).filter((c) => c.status === 'running');
    for (const clock of running) await store.setClockStatus(caseId, clock.name, 'cancelled', now, actor);
    await cancelClockJobs(this.deps.queues, caseId, running.map(clockFromRow));
    const refused = await store.updateCase(
      caseId,
      { status: 'refused', refusal_reason: reason.id, closed_at: now },
      actor,
      'case_refused',
      { reason: reason.id, explanation: explanation.trim(), stage: row.stage, source: reason.source },
    );
    await voice.tell(
      refused,
      `refused-${reason.id}`,
      'parties:refusal.message',
      await this.messageVars(row, reason.id),
    );
    await voice.letter(
      caseId,
      'refusal_notice',
      { refusal: { reason: reason.id, explanation: explanation.trim() } },
      'refused',
    );
    await voice.changed(caseId, 'refused', now.toISOString());
    return refused;
  }

  /** Exactly what `refuse` would send, changing nothing; refuses as `refuse` would. */
  async preview(caseId: string, reasonId: string, actor: string, explanation: string): Promise<RefusalPreview> {
    const row = await this.deps.store.getCase(caseId);
    if (!row) throw new NotFoundError(`no case ${caseId}`);
    const reason = this.assertRefusable(row, reasonId, actor, explanation);
    const message = await this.deps.voice.message(
      row,
      'parties:refusal.message',
      await this.messageVars(row, reason.id),
    );
    const letter = await this.deps.voice.previewLetter(caseId, 'refusal_notice', {
      refusal: { reason: reason.id, explanation: explanation.trim() },
    });
    return {
      messages: message ? [message.text] : [],
      letter,
      notSent: message ? null : 'This case has no private conversation: send the letter another way.',
      lang: message?.lang ?? 'en',
      channelId: message?.channelId ?? null,
      claims: false,
    };
  }

  private async messageVars(row: Case, reasonId: string): Promise<(lang: string) => Record<string, string>> {
    const { translator: t } = this.deps;
    const ombudsman = await this.deps.voice.ombudsman(row);
    return (lang) => ({
      reference: row.reference,
      reason: t.t(lang, `documents:complaintsProcedure.refusal.${reasonId}`),
      ...ombudsman(lang),
    });
  }

  private assertRefusable(
    row: Case,
    reasonId: string,
    actor: string,
    explanation: string,
  ): PolicyPack['complaints']['refusalReasons'][number] {
    if (!actor.startsWith('staff:')) throw new PolicyError('only a colleague may refuse a complaint');
    if (row.status !== 'open')
      throw new PolicyError(`${row.reference} is ${row.status}: only an open complaint can be refused`);
    if (!refusable.includes(row.kind))
      throw new PolicyError(
        `${row.reference} is not a complaint: only a complaint can be refused (Code 2024 section 2)`,
      );
    const reason = this.deps.pack.complaints.refusalReasons.find((r) => r.id === (reasonId as RefusalReasonId));
    if (!reason)
      throw new PolicyError(
        `a complaint can be refused only for one of: ${this.reasons()
          .map((r) => r.id)
          .join(', ')}`,
      );
    if (explanation.trim() === '')
      throw new PolicyError('give your reasoning: it is recorded on the case (Code 2024 2.1)');
    return reason;
  }
}

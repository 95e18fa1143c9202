import type { CaseEventRepository } from '../db/case-events.js';
import type { CaseRepository } from '../db/cases.js';
import type { ContactRestriction, RestrictionRepository } from '../db/restrictions.js';
import type { Case } from '../db/rows.js';
import { NotFoundError, PolicyError } from '../errors.js';
import { stableUuid } from '../ids.js';
import { jobId } from '../queues/definitions.js';
import type { CaseVoice, RefusalPreview } from './refusal.js';
import type { JobSink } from './sla-jobs.js';

export type RestrictionStore = Pick<
  RestrictionRepository,
  'addRestriction' | 'getRestriction' | 'activeRestrictions' | 'setReviewDate' | 'liftRestriction'
> &
  Pick<CaseRepository, 'getCase'> &
  Pick<CaseEventRepository, 'appendEvent'>;

/** The arrangements a colleague may put in place (seed 004: e.g. a single point of contact). */
export const restrictionArrangements = [
  'single_point_of_contact',
  'written_contact_only',
  'set_times',
  'no_home_visits_alone',
  'other',
] as const;
export type RestrictionArrangement = (typeof restrictionArrangements)[number];

export interface RestrictionDeps {
  store: RestrictionStore;
  queues: JobSink;
  voice: CaseVoice;
  now: () => Date;
}

export interface NewRestriction {
  caseId: string;
  reason: string;
  arrangement: RestrictionArrangement;
  /** Who the single point of contact is, the times, what "other" means. */
  detail?: string | null;
  reviewAt: Date;
  actor: string;
  /** The act's own id (a Slack submission): a retried delivery records it once. */
  key: string;
}

/**
 * Restricting contact after unacceptable behaviour (seed 004; docs/rules/contacts.md#unacceptable-behaviour):
 * only a person, in writing (a letter to the customer), with the reason, the arrangement and
 * a review date, which comes back to staff as a reminder (a delayed handoff job). The bot
 * never restricts anyone: it only tells staff what it saw.
 */
export class RestrictionService {
  constructor(private readonly deps: RestrictionDeps) {}

  /** Exactly the letter `record` would send, changing nothing; refuses as `record` would. */
  async preview(input: Omit<NewRestriction, 'key'>): Promise<RefusalPreview> {
    this.assertRestrictable(input, this.deps.now());
    await this.mustGetCase(input.caseId);
    const letter = await this.deps.voice.previewLetter(input.caseId, 'restriction_notice', {
      restriction: {
        reason: input.reason.trim(),
        arrangement: input.arrangement,
        detail: input.detail?.trim() || null,
        reviewAt: input.reviewAt.toISOString(),
      },
    });
    return { messages: [], letter, notSent: null, lang: 'en', channelId: null, claims: false };
  }

  private assertRestrictable(input: Omit<NewRestriction, 'key'>, now: Date): void {
    if (!input.actor.startsWith('staff:')) throw new PolicyError('only a colleague may restrict contact (seed 004)');
    if (input.reason.trim() === '') throw new PolicyError('give the reason: the customer is told it in writing');
    if (input.arrangement === 'other' && !input.detail?.trim())
      throw new PolicyError('describe the arrangement: the customer is told it in writing');
    if (input.reviewAt.getTime() <= now.getTime()) throw new PolicyError('the review date must be in the future');
  }

  async record(input: NewRestriction): Promise<ContactRestriction> {
    const { store, voice } = this.deps;
    const now = this.deps.now();
    this.assertRestrictable(input, now);
    const row = await this.mustGetCase(input.caseId);
    const restriction = await store.addRestriction({
      id: stableUuid(input.caseId, 'restriction', input.key),
      customerId: row.customer_id,
      caseId: row.id,
      reason: input.reason.trim(),
      arrangement: input.arrangement,
      arrangementDetail: input.detail?.trim() || null,
      reviewAt: input.reviewAt,
      recordedBy: input.actor,
    });
    await store.appendEvent(row.id, input.actor, 'contact_restricted', {
      restrictionId: restriction.id,
      arrangement: restriction.arrangement,
      reviewAt: restriction.review_at,
    });
    await this.scheduleReview(restriction, now);
    await voice.letter(
      row.id,
      'restriction_notice',
      {
        restriction: {
          reason: restriction.reason,
          arrangement: input.arrangement,
          detail: restriction.arrangement_detail,
          reviewAt: new Date(restriction.review_at).toISOString(),
        },
      },
      `restriction-${restriction.id}`,
    );
    await voice.changed(row.id, 'contact_restricted', restriction.id);
    return restriction;
  }

  /** The review came round: kept with a new review date, or lifted. Either way it is audited. */
  async review(
    restrictionId: string,
    actor: string,
    decision: { lift: true } | { lift: false; nextReviewAt: Date },
  ): Promise<ContactRestriction> {
    const { store } = this.deps;
    const restriction = await store.getRestriction(restrictionId);
    if (!restriction || restriction.status !== 'active') throw new NotFoundError('no restriction in force to review');
    const now = this.deps.now();
    const updated = decision.lift
      ? await store.liftRestriction(restrictionId, actor, now)
      : await store.setReviewDate(restrictionId, decision.nextReviewAt);
    if (restriction.case_id) {
      await store.appendEvent(
        restriction.case_id,
        actor,
        decision.lift ? 'contact_restriction_lifted' : 'contact_restriction_reviewed',
        {
          restrictionId,
          ...(decision.lift ? {} : { nextReviewAt: decision.nextReviewAt.toISOString() }),
        },
      );
      await this.deps.voice.changed(
        restriction.case_id,
        'contact_restriction',
        `${restrictionId}-${now.toISOString()}`,
      );
    }
    if (!decision.lift) await this.scheduleReview(updated, now);
    return updated;
  }

  /** A review reminder as its job saw it: null when the restriction was lifted or its review moved since. */
  async reviewDue(
    restrictionId: string,
    reviewAt: string,
  ): Promise<{ restriction: ContactRestriction; case: Case | null } | null> {
    const restriction = await this.deps.store.getRestriction(restrictionId);
    if (!restriction || restriction.status !== 'active') return null;
    if (new Date(restriction.review_at).getTime() !== new Date(reviewAt).getTime()) return null;
    const row = restriction.case_id ? ((await this.deps.store.getCase(restriction.case_id)) ?? null) : null;
    return { restriction, case: row };
  }

  async get(id: string): Promise<ContactRestriction | undefined> {
    return this.deps.store.getRestriction(id);
  }

  async active(filter: { customerId?: string | null; caseId?: string | null }): Promise<ContactRestriction[]> {
    return this.deps.store.activeRestrictions(filter);
  }

  private async scheduleReview(restriction: ContactRestriction, now: Date): Promise<void> {
    const reviewAt = new Date(restriction.review_at);
    await this.deps.queues.add(
      'handoff',
      { type: 'restriction_review', restrictionId: restriction.id, reviewAt: reviewAt.toISOString() },
      {
        id: jobId('restriction-review', restriction.id, reviewAt.toISOString()),
        delayMs: reviewAt.getTime() - now.getTime(),
      },
    );
  }

  private async mustGetCase(id: string): Promise<Case> {
    const row = await this.deps.store.getCase(id);
    if (!row) throw new NotFoundError(`no case ${id}`);
    return row;
  }
}

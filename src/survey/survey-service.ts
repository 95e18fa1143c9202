import { capabilitiesOf, isChannelId } from '../channel.js';
import type { JobSink } from '../cases/sla-jobs.js';
import type { Conversation, Message } from '../db/rows.js';
import type { SurveyCandidate, SurveyRepository } from '../db/surveys.js';
import type { Translator } from '../i18n.js';
import { stableUuid } from '../ids.js';
import type { Logger } from '../logger.js';
import { SURVEY_AUTHOR, type Outbox } from '../outbox.js';
import { jobId } from '../queues/definitions.js';
import { analyse } from '../triage/analyse.js';
import type { CaseStore } from '../db/case-store.js';

/**
 * The satisfaction survey of complainants when a complaint closes (seed 002;
 * docs/rules/reporting.md#satisfaction-survey): three questions on the customer's own
 * channel, in their language (satisfaction 1 to 5, handled fairly, one free-text question),
 * sent once, chased once, never to a customer who opted out or whose contact a colleague has
 * restricted. The answers go on the case in Slack and into the report.
 */

/** How a reply is understood, whatever language it is typed in (the dialogs' word lists). */
export interface SurveyUnderstanding {
  /** 1 to 5 from "4", "four", "4/5", "pretty good", "pedwar", "dobrze"; undefined when it is not a score. */
  score(text: string, lang: string): number | undefined;
  /** true / false from "yes", "fair enough", "not really", "tak", "nac oedd"; undefined otherwise. */
  yesNo(text: string, lang: string): boolean | undefined;
  /** "skip", "no", "nothing": no comment. */
  skip(text: string, lang: string): boolean;
  /** "no thanks", "not interested": the customer does not want the survey. */
  decline(text: string, lang: string): boolean;
}

export interface SurveyServiceOptions {
  surveys: SurveyRepository;
  store: Pick<CaseStore, 'getConversation' | 'getCustomer' | 'appendEventOnce'>;
  outbox: Pick<Outbox, 'notify'>;
  queues: JobSink;
  translator: Translator;
  understanding: SurveyUnderstanding;
  logger: Logger;
  now?: () => Date;
  /** How long after a case closes the survey goes (a stage 2 request often comes at once). @defaultValue 1 hour */
  afterCloseMs?: number;
  /** Cases closed longer ago than this are never surveyed (switching the survey on surveys no old cases). @defaultValue 14 days */
  lookbackMs?: number;
  /** When an unanswered survey is chased, once. @defaultValue 3 days */
  chaseAfterMs?: number;
  /** When an unanswered survey stops listening for answers, after the chase. @defaultValue 7 days */
  expireAfterMs?: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Formats a text survey cannot serve: a colleague surveys these customers another way. */
const notByText = new Set(['braille', 'audio', 'bsl', 'interpreter']);

export interface SweepResult {
  sent: number;
  skipped: number;
  chased: number;
  expired: number;
}

export class SurveyService {
  private readonly now: () => Date;

  constructor(private readonly o: SurveyServiceOptions) {
    this.now = o.now ?? (() => new Date());
  }

  /** Send surveys for cases closed since the last sweep, chase the unanswered once, close the rest. */
  async sweep(): Promise<SweepResult> {
    const now = this.now();
    const result: SweepResult = { sent: 0, skipped: 0, chased: 0, expired: 0 };
    const to = new Date(now.getTime() - (this.o.afterCloseMs ?? HOUR));
    const from = new Date(to.getTime() - (this.o.lookbackMs ?? 14 * DAY));
    for (const candidate of await this.o.surveys.closedWithoutSurvey(from, to)) {
      const outcome = await this.send(candidate, now);
      if (outcome === 'sent') result.sent += 1;
      if (outcome === 'skipped') result.skipped += 1;
    }
    for (const survey of await this.o.surveys.dueForChase(new Date(now.getTime() - (this.o.chaseAfterMs ?? 3 * DAY)))) {
      if (!survey.conversation_id || !(await this.o.surveys.markChased(survey.case_id, now))) continue;
      // Opted out or restricted since it was sent: no reminder.
      if (await this.mayNotContact(survey.customer_id, survey.conversation_id, survey.case_id)) continue;
      await this.say(
        survey.conversation_id,
        survey.case_id,
        'chase',
        'survey:chase',
        survey.locale,
        survey.channel_id,
        {
          reference: survey.reference,
        },
      );
      await this.event(survey.case_id, 'survey_chased', {});
      result.chased += 1;
    }
    result.expired = await this.o.surveys.expire(new Date(now.getTime() - (this.o.expireAfterMs ?? 7 * DAY)));
    if (result.sent + result.chased + result.skipped > 0) this.o.logger.info({ ...result }, 'satisfaction surveys');
    return result;
  }

  private async mayNotContact(customerId: string | null, conversationId: string | null, caseId: string) {
    return (
      (await this.o.surveys.optedOut(customerId, conversationId)) ||
      (await this.o.surveys.contactRestricted(customerId, caseId))
    );
  }

  private async send(c: SurveyCandidate, now: Date): Promise<'sent' | 'skipped' | 'later'> {
    const conversation = c.conversation_id ? await this.o.store.getConversation(c.conversation_id) : undefined;
    // While a colleague is talking to the customer, wait: the survey would interrupt them.
    if (conversation && conversation.handoff_state !== 'bot') return 'later';
    const customer = c.customer_id ? await this.o.store.getCustomer(c.customer_id) : undefined;
    const lang = customer?.preferred_language ?? conversation?.locale ?? 'en';
    if (!(await this.o.surveys.claim(c, lang))) return 'later';
    const skip = async (reason: string) => {
      await this.o.surveys.markSkipped(c.case_id, reason);
      await this.event(c.case_id, 'survey_skipped', { reason });
      return 'skipped' as const;
    };
    if (!conversation) return skip('no_conversation');
    if (capabilitiesOf(conversation.channel_id).isPublic) return skip('public_channel');
    if (await this.o.surveys.optedOut(c.customer_id, conversation.id)) return skip('opted_out');
    if (await this.o.surveys.contactRestricted(c.customer_id, c.case_id)) return skip('contact_restricted');
    if (customer && notByText.has(customer.preferred_format)) return skip(`format_${customer.preferred_format}`);
    await this.say(conversation.id, c.case_id, 'invite', 'survey:invite', lang, conversation.channel_id, {
      reference: c.reference,
    });
    await this.o.surveys.markAsked(c.case_id, now);
    await this.event(c.case_id, 'survey_sent', { channel: conversation.channel_id, lang });
    await this.caseChanged(c.case_id, 'survey_sent', now);
    return 'sent';
  }

  /**
   * A customer's message, before the dialogs: an answer to the survey waiting on this
   * conversation is taken here (true); anything else, and any mention of danger, goes on to
   * the bot (false), and the survey waits.
   */
  async answer(conversation: Conversation, message: Message): Promise<boolean> {
    if (message.kind === 'join' || message.text.trim() === '') return false;
    // A colleague talking to the customer reads their words; the survey waits.
    if (conversation.handoff_state !== 'bot') return false;
    const now = this.now();
    const since = new Date(now.getTime() - (this.o.expireAfterMs ?? 7 * DAY));
    // Only a conversation asked (or chased) lately can have a survey waiting: no query on every other turn.
    if (!conversation.survey_asked_at || conversation.survey_asked_at < since) return false;
    const survey = await this.o.surveys.waitingOn(conversation.id, since);
    if (!survey || !survey.question) return false;
    // Safety first: "4 but the gas smell is back" is an emergency, not a score.
    if (analyse(message.text).hazards.length > 0) return false;
    const lang = survey.locale;
    const { understanding } = this.o;
    const reply = (step: string, key: string) =>
      this.say(conversation.id, survey.case_id, step, key, lang, conversation.channel_id, {
        reference: survey.reference,
      });
    if (survey.question === 'satisfaction') {
      const score = understanding.score(message.text, lang);
      if (score === undefined && understanding.decline(message.text, lang)) {
        await this.o.surveys.decline(survey.case_id);
        await reply('declined', 'survey:declined');
        await this.event(survey.case_id, 'survey_declined', {});
        return true;
      }
      if (score === undefined) return false;
      // "4, yes fair enough" answers the second question too.
      const fair = understanding.yesNo(message.text.replace(/^\s*\S+\s*[,.;:-]?\s*/, ''), lang);
      if (fair !== undefined && /\s/.test(message.text.trim())) {
        await this.o.surveys.answer(survey.case_id, { satisfaction: score, handledFairly: fair }, 'comment', now);
        await reply('comment', 'survey:comment');
      } else {
        await this.o.surveys.answer(survey.case_id, { satisfaction: score }, 'fairness', now);
        await reply('fairness', 'survey:fair');
      }
      return true;
    }
    if (survey.question === 'fairness') {
      const fair = understanding.yesNo(message.text, lang);
      if (fair === undefined) return false;
      await this.o.surveys.answer(survey.case_id, { handledFairly: fair }, 'comment', now);
      await reply('comment', 'survey:comment');
      return true;
    }
    const comment = understanding.skip(message.text, lang) ? null : message.text.trim().slice(0, 2000);
    await this.o.surveys.answer(survey.case_id, { comment }, null, now);
    await reply('thanks', 'survey:thanks');
    const done = await this.o.surveys.forCase(survey.case_id);
    await this.event(survey.case_id, 'survey_answered', {
      satisfaction: done?.satisfaction ?? null,
      handledFairly: done?.handled_fairly ?? null,
      comment,
    });
    await this.caseChanged(survey.case_id, 'survey_answered', now);
    return true;
  }

  private async say(
    conversationId: string,
    caseId: string,
    step: string,
    key: string,
    lang: string,
    channelId: string,
    vars: Record<string, string>,
  ): Promise<void> {
    const context = isChannelId(channelId) ? capabilitiesOf(channelId).wording : undefined;
    await this.o.outbox.notify(conversationId, {
      id: stableUuid(caseId, 'survey', step),
      text: this.o.translator.t(lang, key, { ...vars, context }),
      author: SURVEY_AUTHOR,
      caseId,
      locale: lang,
    });
  }

  /** The audit trail, which the Slack card reads the survey from. */
  private async event(caseId: string, type: string, data: Record<string, unknown>): Promise<void> {
    await this.o.store.appendEventOnce(caseId, `survey:${type}`, SURVEY_AUTHOR, type, data);
  }

  /** The case card in Slack shows the survey: sent, then the answers. */
  private async caseChanged(caseId: string, change: string, at: Date): Promise<void> {
    await this.o.queues.add(
      'handoff',
      { type: 'case_updated', caseId, change },
      { id: jobId('case-updated', caseId, change, at.toISOString()) },
    );
  }
}

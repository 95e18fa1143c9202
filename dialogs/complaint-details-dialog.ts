import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './botbuilder-dialogs.js';
import type { Representative } from '../src/db/rows.js';
import type { HomeLocator } from './answer-checks.js';
import { ConfirmOrAskDialog, confirmOrAskDialogId, type ConfirmOrAskOptions } from './answers/confirm-or-ask.js';
import { startedBucket } from './answers/facts.js';
import { findPostcode } from './answers/home.js';
import { findName } from './answers/name.js';
import { Ask, type Answer } from './ask.js';
import { repSaysAgreed, startedWhen, whoFor, yesNo, type Role } from './choice-sets.js';
import { FlowDialog } from './flow-dialog.js';
import { askId } from './flow-start.js';
import { normalise } from './recognise.js';
import { wordCount } from './normalise.js';
import type { BotServices } from './services.js';
import { turnOf } from './turn.js';

export const complaintDetailsDialogId = 'complaintDetails';

export interface DetailsOptions {
  kind: 'formal_complaint' | 'first_time_fix';
  /** The customer's first message: often already says what happened. */
  text: string;
  /** What would put it right, when their answer to the complaint offer said it: not asked again. */
  outcome?: string;
  /** Ask "when did it start?" (a formal complaint: Code 2.1-2.3 on issues over 12 months old). */
  askStarted: boolean;
  /**
   * The customer's consent to record it as a complaint (seed 004; Code 1.3): asked; given
   * already, by asking for a complaint or choosing one when offered; or not needed (a fix
   * under the Code).
   */
  recordConsent: 'ask' | 'given' | 'none';
}

/** The customer's consent to deal with a representative, or a representative's word that is still to be confirmed. */
export interface RepresentativeConsent {
  granted: boolean;
  details: Record<string, unknown>;
}

export interface DetailsResult {
  customerWords: string;
  desiredOutcome: string;
  startedWhen: string | null;
  /** Started more than 12 months ago by the customer's account: accepted, flagged for staff to decide. */
  over12Months: boolean;
  role: Role;
  /** The customer's own name (for a representative writing: the person they act for). */
  name: string;
  representative: Representative | null;
  representativeConsent: RepresentativeConsent | null;
  home: HomeLocator;
  /** Consent to record it as a complaint; null when not needed. */
  recordAsComplaint: boolean | null;
  /** Whether it was asked, or given by the customer's own request or choice. */
  recordAsComplaintAsked: boolean;
}

interface Values {
  customerWords?: string;
  desiredOutcome?: string;
  startedWhen?: string | null;
  over12Months?: boolean;
  role?: Role;
  name?: string;
  repName?: string;
  relationship?: string;
  representativeConsent?: RepresentativeConsent | null;
  home?: HomeLocator;
}

/** The name in an answer ("it's Jane Smith" → "Jane Smith"); the words as given when taken unchecked. */
function nameOf(answer: Answer): string {
  return findName(answer.text) ?? answer.text;
}

/** Enough words to know what happened; shorter first messages ("not happy!!") get the question. */
const enoughWords = 6;

/** Free-text answers that put the start more than 12 months ago. */
const overAYear =
  /\b(over|more than) (a|one|1) year\b|\b([2-9]|\d{2}|two|three|four|five|six|several|many) years?\b|\blast year\b|\byears ago\b/;

/**
 * The facts of a complaint, in the customer's own words: what happened, what would put
 * it right, when it started, who they are, how to find their home, whether someone acts
 * for them, and their consent to record it as a complaint. Nothing is refused: an issue
 * over 12 months old is taken and left for staff to decide (Code 2.1-2.3).
 */
export class ComplaintDetailsDialog extends FlowDialog<DetailsOptions> {
  constructor(private readonly services: BotServices) {
    super(complaintDetailsDialogId);
    this.addDialog(new Ask(askId, services.speaker, services.answers));
    this.addDialog(new ConfirmOrAskDialog(services));
    this.addDialog(
      new WaterfallDialog<DetailsOptions>('steps', [
        this.askWhatHappened.bind(this),
        this.askOutcome.bind(this),
        this.askStarted.bind(this),
        this.askWho.bind(this),
        this.askName.bind(this),
        this.askRepName.bind(this),
        this.askRelationship.bind(this),
        this.askRepConsent.bind(this),
        this.askHome.bind(this),
        this.askRecordConsent.bind(this),
        this.finish.bind(this),
      ]),
    );
    this.initialDialogId = 'steps';
  }

  private values(step: WaterfallStepContext<DetailsOptions>): Values {
    return step.values as Values;
  }

  /** The name of the person writing: confirmed when they already gave it ("my name is Jane"). */
  private async askOwnName(step: WaterfallStepContext<DetailsOptions>, key: string): Promise<DialogTurnResult> {
    const known = turnOf(step.context).data.known?.name;
    const options: ConfirmOrAskOptions = {
      ...(known ? { known } : {}),
      confirm: { key: 'details.nameKnown', vars: { name: known ?? '' } },
      ask: { prompt: { key }, check: 'name', checkFlag: 'check:name' },
    };
    return step.beginDialog(confirmOrAskDialogId, options);
  }

  private async askWhatHappened(step: WaterfallStepContext<DetailsOptions>): Promise<DialogTurnResult> {
    if (wordCount(step.options.text) >= enoughWords) {
      this.values(step).customerWords = step.options.text;
      return step.next();
    }
    return step.beginDialog(askId, { prompt: { key: 'details.whatHappened' } });
  }

  private async askOutcome(step: WaterfallStepContext<DetailsOptions>): Promise<DialogTurnResult> {
    const v = this.values(step);
    if (v.customerWords === undefined) {
      const answer = step.result as Answer;
      // Both messages are the customer's own words; neither is paraphrased.
      v.customerWords = `${step.options.text}\n${answer.text}`.trim();
    }
    if (step.options.outcome) {
      v.desiredOutcome = step.options.outcome;
      return step.next();
    }
    return step.beginDialog(askId, { prompt: { key: 'details.outcome' } });
  }

  private async askStarted(step: WaterfallStepContext<DetailsOptions>): Promise<DialogTurnResult> {
    this.values(step).desiredOutcome ??= (step.result as Answer).text;
    if (!step.options.askStarted) {
      this.values(step).startedWhen = null;
      return step.next();
    }
    // "It's been two weeks" earlier in the conversation answers it already.
    const started = turnOf(step.context).data.known?.started;
    if (started) {
      this.values(step).startedWhen = started;
      this.values(step).over12Months = startedBucket(started) === 'over_year';
      return step.next();
    }
    return step.beginDialog(askId, { prompt: { key: 'details.started' }, choices: startedWhen, freeText: true });
  }

  private async askWho(step: WaterfallStepContext<DetailsOptions>): Promise<DialogTurnResult> {
    const v = this.values(step);
    if (step.options.askStarted && v.startedWhen === undefined) {
      const answer = step.result as Answer;
      v.startedWhen = answer.value ?? answer.text;
      v.over12Months =
        answer.value === 'over_year' || (answer.value === null && overAYear.test(normalise(answer.text)));
    }
    if (v.over12Months) await this.services.speaker.say(step.context, 'details.over12');
    // "I'm a caseworker for Jo Bloggs MP", "writing on behalf of my mum": not asked whether they are the tenant.
    if (turnOf(step.context).data.known?.writingFor)
      return step.next({ value: 'for_someone', text: '' } satisfies Answer);
    return step.beginDialog(askId, {
      prompt: { key: 'details.who' },
      choices: whoFor,
      giveUp: 'accept',
      checkFlag: 'check:role',
    });
  }

  private async askName(step: WaterfallStepContext<DetailsOptions>): Promise<DialogTurnResult> {
    // Taken unchecked after two tries: treated as the tenant, with their words flagged for a colleague.
    const role = ((step.result as Answer).value ?? 'self') as Role;
    this.values(step).role = role;
    if (role === 'for_someone') {
      // "…a constituent, Mrs Aisha Khan of…": offered back, not asked.
      const known = turnOf(step.context).data.known?.customerName;
      const options: ConfirmOrAskOptions = {
        ...(known ? { known } : {}),
        confirm: { key: 'details.customerNameKnown', vars: { name: known ?? '' } },
        ask: { prompt: { key: 'details.customerName' }, check: 'name' },
      };
      return step.beginDialog(confirmOrAskDialogId, options);
    }
    return this.askOwnName(step, 'details.name');
  }

  private async askRepName(step: WaterfallStepContext<DetailsOptions>): Promise<DialogTurnResult> {
    const v = this.values(step);
    v.name = nameOf(step.result as Answer);
    if (v.role === 'self') return step.next();
    if (v.role === 'for_someone') return this.askOwnName(step, 'details.yourName');
    return step.beginDialog(askId, { prompt: { key: 'details.repName' }, check: 'name' });
  }

  private async askRelationship(step: WaterfallStepContext<DetailsOptions>): Promise<DialogTurnResult> {
    const v = this.values(step);
    if (v.role === 'self') return step.next();
    v.repName = nameOf(step.result as Answer);
    const key = v.role === 'for_someone' ? 'details.yourRelationship' : 'details.repRelationship';
    return step.beginDialog(askId, { prompt: { key, vars: { name: v.name ?? '', repName: v.repName } } });
  }

  private async askRepConsent(step: WaterfallStepContext<DetailsOptions>): Promise<DialogTurnResult> {
    const v = this.values(step);
    if (v.role === 'self') return step.next();
    v.relationship = (step.result as Answer).text;
    if (v.role === 'has_rep') {
      return step.beginDialog(askId, {
        prompt: { key: 'details.repConsent', vars: { repName: v.repName ?? '' } },
        choices: yesNo,
      });
    }
    return step.beginDialog(askId, {
      prompt: { key: 'details.repConsentByRep', vars: { name: v.name ?? '' } },
      choices: repSaysAgreed,
    });
  }

  private async askHome(step: WaterfallStepContext<DetailsOptions>): Promise<DialogTurnResult> {
    const v = this.values(step);
    if (v.role === 'has_rep') {
      // The customer's own consent to deal with their representative (seed 004).
      const granted = (step.result as Answer).value === 'yes';
      v.representativeConsent = {
        granted,
        details: { givenBy: 'customer', representative: v.repName, relationship: v.relationship },
      };
    } else if (v.role === 'for_someone') {
      // A representative cannot consent for the customer: recorded as still to be confirmed by staff.
      const repSays = (step.result as Answer).value;
      v.representativeConsent = {
        granted: false,
        details: {
          givenBy: 'representative',
          status: 'to_confirm',
          representativeSays: repSays,
          representative: v.repName,
          relationship: v.relationship,
        },
      };
    } else {
      v.representativeConsent = null;
    }
    const forSomeone = v.role === 'for_someone';
    const vars = { name: v.name ?? '' };
    // "…of 22 Mill Lane, Leicester LE2 7QT" or a postcode said earlier: offered back for a yes.
    const known = turnOf(step.context).data.known;
    const home = known?.address ?? known?.postcode;
    const options: ConfirmOrAskOptions = {
      ...(home ? { known: home } : {}),
      confirm: { key: forSomeone ? 'details.homeKnownFor' : 'details.homeKnown', vars: { ...vars, home: home ?? '' } },
      ask: {
        prompt: { key: forSomeone ? 'details.homeFor' : 'details.home', vars },
        check: 'homeLocator',
        checkFlag: 'check:home',
      },
    };
    return step.beginDialog(confirmOrAskDialogId, options);
  }

  private async askRecordConsent(step: WaterfallStepContext<DetailsOptions>): Promise<DialogTurnResult> {
    const v = this.values(step);
    const answer = step.result as Answer;
    // Two tries without a postcode or reference: their words are kept as the address, for a colleague to check.
    v.home = this.services.answers.home(answer.text) ?? { address: answer.text };
    const info = turnOf(step.context);
    // The home as given here is the address for letters to the customer (offered back there).
    info.data.known = { ...info.data.known };
    if (v.home.address) info.data.known.address = v.home.address;
    // A line said earlier is kept only with the postcode given here; not after a different one or a tenancy reference.
    else if (info.data.known.address && findPostcode(info.data.known.address)?.postcode !== v.home.postcode)
      delete info.data.known.address;
    if (v.role === 'for_someone') info.data.known.homeOf = v.name ?? '';
    else delete info.data.known.homeOf;
    if (step.options.recordConsent !== 'ask') return step.next();
    const key = step.options.kind === 'formal_complaint' ? 'details.recordFormal' : 'details.recordInformal';
    return step.beginDialog(askId, { prompt: { key }, choices: yesNo });
  }

  private async finish(step: WaterfallStepContext<DetailsOptions>): Promise<DialogTurnResult> {
    const v = this.values(step);
    const { recordConsent } = step.options;
    const recordAsComplaint =
      recordConsent === 'ask' ? (step.result as Answer).value === 'yes' : recordConsent === 'given' ? true : null;
    const representative: Representative | null =
      v.role === 'self' || !v.repName ? null : { name: v.repName, relationship: v.relationship ?? '' };
    const result: DetailsResult = {
      customerWords: v.customerWords ?? step.options.text,
      desiredOutcome: v.desiredOutcome ?? '',
      startedWhen: v.startedWhen ?? null,
      over12Months: v.over12Months ?? false,
      role: v.role ?? 'self',
      name: v.name ?? '',
      representative,
      representativeConsent: v.representativeConsent ?? null,
      home: v.home ?? {},
      recordAsComplaint,
      recordAsComplaintAsked: recordConsent === 'ask',
    };
    return step.endDialog(result);
  }
}

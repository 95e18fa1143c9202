import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './botbuilder-dialogs.js';
import type { CustomerPatch } from '../src/db/customers.js';
import { findEmail } from './answers/contact.js';
import { findAddressLine, findPostcode } from './answers/home.js';
import { findName } from './answers/name.js';
import type { AnswerCheck } from './answer-checks.js';
import { Ask, type Answer, type AskOptions } from './ask.js';
import type { ChoiceSpec } from './speaker.js';
import { FlowDialog } from './flow-dialog.js';
import { askId } from './flow-start.js';
import { customerForCase, updateCustomer, type BotServices } from './services.js';
import { turnOf } from './turn.js';

export const rightsContactDialogId = 'rightsContact';

export interface RightsContactOptions {
  /** The rights cases this turn opened (a copy, an erasure, or both). */
  caseIds: string[];
  askName: boolean;
  askWhere: boolean;
}

interface Values {
  name?: string;
  where?: Pick<CustomerPatch, 'email' | 'address' | 'postcode'>;
  /** An answer was taken as written after two tries. */
  unchecked?: boolean;
}

const skip: ChoiceSpec[] = [{ value: 'skip', key: 'dataprot:contact.skip' }];
const uncheckedName = 'check:rights_name';
const uncheckedWhere = 'check:rights_where';

/** A question the customer may skip; an answer it cannot read is asked once more, then taken as written. */
function skippable(key: string, check: AnswerCheck, checkFlag: string): AskOptions {
  return { prompt: { key }, choices: skip, freeText: true, check, giveUp: 'accept', checkFlag };
}

/**
 * After a request for a copy of their data or for its deletion, from someone the gateway
 * cannot name or write to (a web chat, a Messenger conversation): their name, and an email
 * or postal address for the reply, so the data protection team can check it is them and
 * answer (docs/rules/data-protection.md#who-asked). Each may be skipped: the team then
 * replies in the chat. What is given goes on the customer, the team's card shows it, and
 * the case's thread says it came.
 */
export class RightsContactDialog extends FlowDialog<RightsContactOptions> {
  constructor(private readonly services: BotServices) {
    super(rightsContactDialogId);
    this.addDialog(new Ask(askId, services.speaker, services.answers));
    this.addDialog(
      new WaterfallDialog<RightsContactOptions>('steps', [
        this.askName.bind(this),
        this.askWhere.bind(this),
        this.save.bind(this),
      ]),
    );
    this.initialDialogId = 'steps';
  }

  private async askName(step: WaterfallStepContext<RightsContactOptions>): Promise<DialogTurnResult> {
    if (!step.options.askName) return step.next();
    // A name, or Skip; "my boiler's broken too" here is a new matter, not a name.
    return step.beginDialog(askId, skippable('dataprot:contact.name', 'name', uncheckedName));
  }

  private async askWhere(step: WaterfallStepContext<RightsContactOptions>): Promise<DialogTurnResult> {
    const v = step.values as Values;
    if (step.options.askName) {
      const answer = step.result as Answer;
      if (answer.value === 'skip') return this.skipped(step);
      v.name = findName(answer.text) ?? answer.text;
      v.unchecked ||= answer.unchecked === true;
    }
    if (!step.options.askWhere) return step.next();
    return step.beginDialog(askId, skippable('dataprot:contact.where', 'emailOrPostcode', uncheckedWhere));
  }

  private async save(step: WaterfallStepContext<RightsContactOptions>): Promise<DialogTurnResult> {
    const v = step.values as Values;
    const info = turnOf(step.context);
    if (step.options.askWhere) {
      const answer = step.result as Answer;
      if (answer.value !== 'skip') {
        // Taken as written after two tries: the team reads it as the address.
        v.where = whereIn(answer.text) ?? { address: answer.text };
        v.unchecked ||= answer.unchecked === true;
      }
    }
    // An answer taken as written is for this request's team to check, not a flag for the next case.
    info.data.answersToCheck = info.data.answersToCheck?.filter((f) => f !== uncheckedName && f !== uncheckedWhere);
    const patch: CustomerPatch = { ...(v.name ? { name: v.name } : {}), ...v.where };
    if (Object.keys(patch).length === 0) return this.skipped(step);
    const customer = await customerForCase(this.services, step.context);
    if (customer) await updateCustomer(this.services, step.context, customer.id, patch);
    const given = Object.keys(patch).filter((k) => k !== 'postcode');
    const key = info.messageId ?? 'contact';
    for (const caseId of step.options.caseIds) {
      await this.services.store.appendEvent(caseId, 'customer', 'rights_contact_given', {
        given,
        ...(v.unchecked ? { unchecked: true } : {}),
      });
      await this.services.cases.caseChanged(caseId, 'rights_contact', key);
    }
    await this.services.speaker.say(step.context, 'dataprot:contact.thanks');
    return step.endDialog();
  }

  private async skipped(step: WaterfallStepContext<RightsContactOptions>): Promise<DialogTurnResult> {
    await this.services.speaker.say(step.context, 'dataprot:contact.skipped');
    return step.endDialog();
  }
}

/** An email address, or a postal address with its postcode, anywhere in the reply. */
function whereIn(text: string): Values['where'] {
  const email = findEmail(text);
  if (email) return { email };
  const postcode = findPostcode(text);
  if (!postcode) return undefined;
  return { address: findAddressLine(text) ?? text.trim(), postcode: postcode.postcode };
}

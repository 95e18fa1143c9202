import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from '../botbuilder-dialogs.js';
import { Ask, type Answer, type AskOptions } from '../ask.js';
import { yesNo } from '../choice-sets.js';
import { FlowDialog } from '../flow-dialog.js';
import { askId } from '../flow-start.js';
import type { BotServices } from '../services.js';
import type { Phrase } from '../speaker.js';

export const confirmOrAskDialogId = 'confirmOrAsk';

export interface ConfirmOrAskOptions {
  /** What the customer already told us, if anything. */
  known?: string;
  /** The yes/no question that offers it back ("Shall we use 07700 900123?"). */
  confirm: Phrase;
  /** The question itself, for when nothing is known or the customer says no. */
  ask: AskOptions;
}

/**
 * Don't ask what you already know: offer back what the customer said ("Shall we use
 * 07700 900123?"). "Yes" takes it; "no" asks the question; a reply that is itself an
 * answer ("no, 07700 111222") is taken as one. Ends with an Answer, as Ask does.
 */
export class ConfirmOrAskDialog extends FlowDialog<ConfirmOrAskOptions> {
  constructor(private readonly services: BotServices) {
    super(confirmOrAskDialogId);
    this.addDialog(new Ask(askId, services.speaker, services.answers));
    this.addDialog(
      new WaterfallDialog<ConfirmOrAskOptions>('steps', [
        this.offer.bind(this),
        this.askIfNot.bind(this),
        this.finish.bind(this),
      ]),
    );
    this.initialDialogId = 'steps';
  }

  private async offer(step: WaterfallStepContext<ConfirmOrAskOptions>): Promise<DialogTurnResult> {
    const { known, confirm, ask } = step.options;
    if (known === undefined || known === '') return step.next();
    // Free text welcome: a different answer in place of "no" is taken as the answer.
    return step.beginDialog(askId, {
      prompt: confirm,
      choices: yesNo,
      freeText: true,
      ...(ask.check ? { check: ask.check } : {}),
    });
  }

  private async askIfNot(step: WaterfallStepContext<ConfirmOrAskOptions>): Promise<DialogTurnResult> {
    const { known, ask } = step.options;
    const offered = step.result as Answer | undefined;
    if (offered && known !== undefined) {
      if (offered.value === 'yes') return step.next({ value: null, text: known } satisfies Answer);
      if (offered.value === null && this.services.answers.passes(ask.check ?? 'any', offered.text))
        return step.next(offered);
    }
    return step.beginDialog(askId, ask);
  }

  private async finish(step: WaterfallStepContext<ConfirmOrAskOptions>): Promise<DialogTurnResult> {
    return step.endDialog(step.result);
  }
}

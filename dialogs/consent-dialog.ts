import { WaterfallDialog, type WaterfallStepContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { consentWordingVersion } from '../src/cases/case-service.js';
import { stableUuid } from '../src/ids.js';
import { Ask, type Answer } from './ask.js';
import { yesNo } from './choice-sets.js';
import { FlowDialog } from './flow-dialog.js';
import { askId } from './flow-start.js';
import { knownCustomer, type BotServices } from './services.js';
import { turnOf } from './turn.js';

export const consentDialogId = 'consent';

/**
 * The privacy notice and data-protection consent, before any personal detail is taken
 * (UK GDPR; docs/rules/data-protection.md#lawful-basis). Ends with true when the customer agreed (now or before).
 * A customer who declines leaves no customer row: the refusal is recorded against the
 * conversation only, with the wording version from the pack.
 */
export class ConsentDialog extends FlowDialog {
  constructor(private readonly services: BotServices) {
    super(consentDialogId);
    this.addDialog(new Ask(askId, services.speaker, services.answers));
    this.addDialog(new WaterfallDialog('steps', [this.check.bind(this), this.record.bind(this)]));
    this.initialDialogId = 'steps';
  }

  private async check(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const info = turnOf(step.context);
    if (info.caps.isPublic) {
      // A public comment is no place to take details: ask them to message us privately.
      await this.services.speaker.say(step.context, 'public.private');
      return step.endDialog(false);
    }
    if (info.data.consent === 'granted') return step.endDialog(true);
    const customer = await knownCustomer(this.services, step.context);
    if (customer) {
      const current = await this.services.store.currentConsents({ customerId: customer.id });
      if (current.some((c) => c.kind === 'data_protection' && c.case_id === null && c.granted)) {
        info.data.consent = 'granted';
        return step.endDialog(true);
      }
    }
    return step.beginDialog(askId, { prompt: { key: 'consent.notice' }, choices: yesNo });
  }

  private async record(step: WaterfallStepContext<object>): Promise<DialogTurnResult> {
    const info = turnOf(step.context);
    const granted = (step.result as Answer).value === 'yes';
    const { store, cases, speaker } = this.services;
    let customerId: string | null = null;
    if (granted && info.conversationId) {
      customerId = (await store.ensureCustomer(info.conversationId)).id;
      await store.updateCustomer(customerId, { preferred_language: info.data.lang });
    }
    if (info.conversationId) {
      await store.recordConsent({
        id: info.messageId ? stableUuid(info.messageId, 'consent', 'data_protection') : undefined,
        customerId,
        conversationId: info.conversationId,
        kind: 'data_protection',
        wordingVersion: consentWordingVersion(cases.pack, 'data_protection'),
        granted,
        channelId: info.channelId,
        details: { notice: 'consent.notice', language: info.data.lang },
      });
    }
    info.data.consent = granted ? 'granted' : 'declined';
    if (!granted) await speaker.say(step.context, 'consent.declined');
    return step.endDialog(granted);
  }
}

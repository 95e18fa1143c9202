import { WaterfallDialog, type WaterfallStepContext, type DialogTurnResult } from './botbuilder-dialogs.js';
import type { Purpose } from '../src/data-protection/index.js';
import type { NoticeResponse } from '../src/db/privacy-notices.js';
import { stableUuid } from '../src/ids.js';
import { Ask, type Answer } from './ask.js';
import { yesNo } from './choice-sets.js';
import { FlowDialog } from './flow-dialog.js';
import { askId } from './flow-start.js';
import { customerForCase, knownCustomer, type BotServices } from './services.js';
import { turnOf } from './turn.js';

export const consentDialogId = 'consent';

export interface NoticeOptions {
  /** What the details are for: its lawful basis comes from the pack. @defaultValue 'service_requests' */
  purpose?: Purpose;
}

interface Values {
  purpose: Purpose;
}

/**
 * The privacy notice, before any personal detail is taken (UK GDPR Art. 13;
 * docs/rules/data-protection.md#privacy-notice). Ends with true when the flow may take
 * details. Handling a complaint, a repair or a request does not rest on consent
 * (docs/rules/data-protection.md#lawful-basis), so the notice is information, not a gate:
 * a customer who says "no" is told so and asked whether they still want it dealt with,
 * and a yes carries on. Only where the pack names consent as the basis is "no" the end.
 * What was said and answered is kept as a privacy notice record, not as a consent.
 */
export class ConsentDialog extends FlowDialog<NoticeOptions> {
  constructor(private readonly services: BotServices) {
    super(consentDialogId);
    this.addDialog(new Ask(askId, services.speaker, services.answers));
    this.addDialog(
      new WaterfallDialog<NoticeOptions>('steps', [
        this.check.bind(this),
        this.answered.bind(this),
        this.goAhead.bind(this),
      ]),
    );
    this.initialDialogId = 'steps';
  }

  private async check(step: WaterfallStepContext<NoticeOptions>): Promise<DialogTurnResult> {
    const info = turnOf(step.context);
    (step.values as Values).purpose = step.options?.purpose ?? 'service_requests';
    if (info.caps.isPublic) {
      // A public comment is no place to take details: ask them to message us privately.
      await this.services.speaker.say(step.context, 'public.private');
      return step.endDialog(false);
    }
    if (info.data.consent === 'granted') return step.endDialog(true);
    const customer = await knownCustomer(this.services, step.context);
    if (customer) {
      // Told this wording before (or, before issue 16, agreed to the notice then asked as a consent).
      const legacy = (await this.services.store.currentConsents({ customerId: customer.id })).some(
        (c) => c.kind === 'data_protection' && c.case_id === null && c.granted,
      );
      if (legacy || (await this.services.dataProtection.noticeGiven({ customerId: customer.id }))) {
        info.data.consent = 'granted';
        return step.endDialog(true);
      }
    }
    // Shown once a conversation in full: a customer who wrote on without answering it, and
    // whose words then became a complaint or another matter, is reminded of it, not made to
    // read it again (its link is in the reminder).
    const key = info.data.noticeShown ? 'consent.noticeAgain' : 'consent.notice';
    info.data.noticeShown = true;
    return step.beginDialog(askId, { prompt: { key }, choices: yesNo });
  }

  private async answered(step: WaterfallStepContext<NoticeOptions>): Promise<DialogTurnResult> {
    const { purpose } = step.values as Values;
    if ((step.result as Answer).value === 'yes') return this.carryOn(step, 'acknowledged');
    const { speaker, dataProtection } = this.services;
    if (dataProtection.basisFor(purpose) === 'consent' || dataProtection.basisFor(purpose) === 'explicit_consent') {
      // Consent is the basis here: no is no.
      return this.stop(step, 'declined', 'consent.declined');
    }
    await this.record(step, 'declined', null);
    return step.beginDialog(askId, { prompt: { key: 'dataprot:notice.declined' }, choices: yesNo });
  }

  private async goAhead(step: WaterfallStepContext<NoticeOptions>): Promise<DialogTurnResult> {
    if ((step.result as Answer).value === 'yes') return this.carryOn(step, 'went_ahead');
    return this.stop(step, 'stopped', 'dataprot:notice.stopped');
  }

  private async carryOn(
    step: WaterfallStepContext<NoticeOptions>,
    response: NoticeResponse,
  ): Promise<DialogTurnResult> {
    const info = turnOf(step.context);
    let customerId: string | null = null;
    if (info.conversationId) {
      // Made (or found) with the conversation's language on it, in one statement.
      const customer = await customerForCase(this.services, step.context, { preferred_language: info.data.lang });
      customerId = customer?.id ?? null;
      if (customerId) await this.services.dataProtection.notices.linkPrivacyNotices(info.conversationId, customerId);
    }
    await this.record(step, response, customerId);
    info.data.consent = 'granted';
    return step.endDialog(true);
  }

  private async stop(
    step: WaterfallStepContext<NoticeOptions>,
    response: NoticeResponse,
    key: string,
  ): Promise<DialogTurnResult> {
    await this.record(step, response, null);
    turnOf(step.context).data.consent = 'declined';
    // True: the messages are kept as the record of the conversation, for the pack's period.
    const months = this.services.dataProtection.pack.dataProtection.retention.conversation_without_case.months;
    await this.services.speaker.say(step.context, { key, vars: { months } });
    return step.endDialog(false);
  }

  private async record(
    step: WaterfallStepContext<NoticeOptions>,
    response: NoticeResponse,
    customerId: string | null,
  ): Promise<void> {
    const info = turnOf(step.context);
    if (!info.conversationId) return;
    await this.services.dataProtection.recordNotice({
      id: info.messageId ? stableUuid(info.messageId, 'privacy-notice', response) : undefined,
      customerId,
      conversationId: info.conversationId,
      purpose: (step.values as Values).purpose,
      channelId: info.channelId,
      language: info.data.lang,
      response,
    });
  }
}

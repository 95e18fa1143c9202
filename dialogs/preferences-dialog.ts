import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from './botbuilder-dialogs.js';
import type { CustomerPatch } from '../src/db/case-store.js';
import type { ContactMethod, PreferredFormat } from '../src/db/rows.js';
import type { LanguageCode } from '../src/languages.js';
import { parseEmail, parsePhone } from './answer-checks.js';
import { ConfirmOrAskDialog, confirmOrAskDialogId, type ConfirmOrAskOptions } from './answers/confirm-or-ask.js';
import { displayPhone, findPhone, hasUnreadablePhone } from './answers/contact.js';
import { Ask, type Answer, type AskOptions } from './ask.js';
import { contactMethods, formats, isContactChoice, isFormat, type ContactChoice } from './choice-sets.js';
import { FlowDialog } from './flow-dialog.js';
import { askId } from './flow-start.js';
import { languageNamed } from './languages.js';
import { knownCustomer, updateCustomer, type BotServices } from './services.js';
import type { Phrase } from './speaker.js';
import { turnOf } from './turn.js';

export const preferencesDialogId = 'preferences';

export interface PreferencesResult {
  contactMethod: ContactMethod;
  format: PreferredFormat;
  /** The language asked for when the format is "another language" and we know it. */
  language: LanguageCode | null;
  /** A language or need we cannot name, in the customer's words. */
  accessNeeds: string | null;
  /**
   * With `forName`: what was said about the customer, for the caller to put on the customer's
   * own record (the conversation is the representative's, whose record is left alone).
   */
  patch?: CustomerPatch;
}

export interface PreferencesOptions {
  /** Only the format (a document request): the contact method is not asked. */
  formatOnly?: boolean;
  /**
   * Someone writing for the customer (a representative): the questions are about the customer,
   * named here, and the answers are returned rather than written on this conversation's record.
   */
  forName?: string;
}

interface Values {
  contact?: ContactChoice;
  patch: CustomerPatch;
  format?: PreferredFormat;
}

/**
 * How the customer wants to hear from us and in what format (seeds 000, 001, 002:
 * large print, easy read, braille, audio, another language, interpreter, BSL). Stored
 * once on the customer so every later message and letter follows it.
 */
export class PreferencesDialog extends FlowDialog<PreferencesOptions> {
  constructor(private readonly services: BotServices) {
    super(preferencesDialogId);
    this.addDialog(new Ask(askId, services.speaker, services.answers));
    this.addDialog(new ConfirmOrAskDialog(services));
    this.addDialog(
      new WaterfallDialog<PreferencesOptions>('steps', [
        this.askContact.bind(this),
        this.askContactDetail.bind(this),
        this.askFormat.bind(this),
        this.askLanguage.bind(this),
        this.finish.bind(this),
      ]),
    );
    this.initialDialogId = 'steps';
  }

  private values(step: WaterfallStepContext<PreferencesOptions>): Values {
    const v = step.values as Partial<Values>;
    v.patch ??= {};
    return v as Values;
  }

  private async askContact(step: WaterfallStepContext<PreferencesOptions>): Promise<DialogTurnResult> {
    if (step.options.formatOnly) return step.next();
    // "Text me on 07700 900123" earlier: the method is known, and only the number is confirmed.
    const known = turnOf(step.context).data.known?.contact;
    if (known && !step.options.forName) return step.next({ value: known, text: '' } satisfies Answer);
    return step.beginDialog(askId, {
      prompt: step.options.forName
        ? { key: 'parties:prefs.contactFor', vars: { name: step.options.forName } }
        : { key: 'prefs.contact' },
      choices: contactMethods,
      giveUp: 'accept',
      checkFlag: 'check:contact',
    });
  }

  private async askContactDetail(step: WaterfallStepContext<PreferencesOptions>): Promise<DialogTurnResult> {
    if (step.options.formatOnly) return step.next();
    const v = this.values(step);
    const value = (step.result as Answer).value;
    const contact: ContactChoice = isContactChoice(value) ? value : 'chat';
    v.contact = contact;
    const info = turnOf(step.context);
    // What was said in passing may be the writer's own details, or another customer's: not offered for this one.
    const known = step.options.forName ? {} : (info.data.known ?? {});
    // A representative's own record and number are not the customer's.
    const customer = step.options.forName ? undefined : await knownCustomer(this.services, step.context);
    if (contact === 'email') {
      const email = known.email ?? customer?.email ?? undefined;
      return this.confirmOrAsk(
        step,
        email,
        { key: 'prefs.emailKnown', vars: { email: email ?? '' } },
        { prompt: this.about(step, 'email'), check: 'email', checkFlag: 'check:email' },
      );
    }
    if (contact === 'sms' || contact === 'phone') {
      // A number in the answer that is not one ("phone me on 01522 555 0192", a digit too many):
      // they want another number, so it is asked for, not replaced by the one they write from.
      const unreadNumber = hasUnreadablePhone((step.result as Answer).text);
      // On SMS and WhatsApp the number they are writing from is the number, never asked for,
      // unless they gave another ("text me on 07700 900123"): that one is offered back.
      if (!unreadNumber && customer?.phone && (!known.phone || known.phone === customer.phone)) return step.next();
      const writingFrom =
        known.phone || step.options.forName || unreadNumber ? undefined : await this.writingFrom(step);
      if (writingFrom) {
        v.patch.phone = writingFrom;
        return step.next();
      }
      const phone = known.phone;
      return this.confirmOrAsk(
        step,
        phone,
        { key: 'prefs.phoneKnown', vars: { phone: phone ? displayPhone(phone) : '' } },
        { prompt: this.about(step, 'phone'), check: 'phone', checkFlag: 'check:phone' },
      );
    }
    if (contact === 'letter') {
      const forName = step.options.forName;
      // Someone writing for the customer gave the customer's home a moment ago: that is where letters go.
      const address =
        (forName === undefined ? (known.address ?? customer?.address) : info.data.known?.address) ?? undefined;
      const confirm: Phrase =
        forName === undefined
          ? { key: 'prefs.addressKnown', vars: { address: address ?? '' } }
          : { key: 'parties:prefs.addressKnownFor', vars: { name: forName, address: address ?? '' } };
      return this.confirmOrAsk(step, address, confirm, { prompt: this.about(step, 'address') });
    }
    return step.next();
  }

  /** The question about the customer: to them, or, from someone writing for them, about them by name. */
  private about(
    step: WaterfallStepContext<PreferencesOptions>,
    what: 'email' | 'phone' | 'address' | 'format',
  ): Phrase {
    const name = step.options.forName;
    return name === undefined ? { key: `prefs.${what}` } : { key: `parties:prefs.${what}For`, vars: { name } };
  }

  private async confirmOrAsk(
    step: WaterfallStepContext<PreferencesOptions>,
    known: string | undefined,
    confirm: Phrase,
    ask: AskOptions,
  ): Promise<DialogTurnResult> {
    const options: ConfirmOrAskOptions = { ...(known ? { known } : {}), confirm, ask };
    return step.beginDialog(confirmOrAskDialogId, options);
  }

  /** The number an SMS or WhatsApp customer is writing from. */
  private async writingFrom(step: WaterfallStepContext<PreferencesOptions>): Promise<string | undefined> {
    const info = turnOf(step.context);
    if ((info.channelId !== 'sms' && info.channelId !== 'whatsapp') || !info.conversationId) return undefined;
    const conversation = await this.services.store.getConversation(info.conversationId);
    return conversation ? findPhone(conversation.address.replace(/^whatsapp:/, '')) : undefined;
  }

  private async askFormat(step: WaterfallStepContext<PreferencesOptions>): Promise<DialogTurnResult> {
    const v = this.values(step);
    const answer = step.result as Answer | undefined;
    if (answer && v.contact === 'email') v.patch.email = parseEmail(answer.text) ?? answer.text;
    if (answer && (v.contact === 'sms' || v.contact === 'phone'))
      v.patch.phone = parsePhone(answer.text) ?? answer.text;
    if (answer && v.contact === 'letter') v.patch.address = answer.text;
    if (v.contact) v.patch.contact_method = v.contact;
    // "I need letters in big print" earlier: the format is known, as a contact method said in passing is.
    const known = step.options.forName ? undefined : turnOf(step.context).data.known?.format;
    if (known) return step.next({ value: known, text: '' } satisfies Answer);
    // "English" (or "Polski") here answers the question: it is not a request to switch language.
    return step.beginDialog(askId, {
      prompt: step.options.formatOnly ? { key: 'prefs.formatDocument' } : this.about(step, 'format'),
      choices: formats,
      takesLanguageNames: true,
      giveUp: 'accept',
      checkFlag: 'check:format',
    });
  }

  private async askLanguage(step: WaterfallStepContext<PreferencesOptions>): Promise<DialogTurnResult> {
    const v = this.values(step);
    const answer = step.result as Answer;
    const lang = turnOf(step.context).data.lang;
    if (answer.language) {
      // Their own language or English: our standard format in it; another language: letters in that one.
      v.format = answer.language === 'en' || answer.language === lang ? 'standard' : 'another_language';
      v.patch.preferred_format = v.format;
      if (v.format === 'another_language') return step.next(answer);
      return step.next();
    }
    v.format = isFormat(answer.value) ? answer.value : 'standard';
    v.patch.preferred_format = v.format;
    // A format we could not place, taken as said: kept for a colleague to read.
    if (answer.unchecked) v.patch.access_needs = answer.text;
    if (v.format === 'another_language')
      return step.beginDialog(askId, { prompt: { key: 'prefs.language' }, takesLanguageNames: true });
    if (v.format === 'interpreter')
      return step.beginDialog(askId, { prompt: { key: 'prefs.interpreterLanguage' }, takesLanguageNames: true });
    return step.next();
  }

  private async finish(step: WaterfallStepContext<PreferencesOptions>): Promise<DialogTurnResult> {
    const v = this.values(step);
    let language: LanguageCode | null = null;
    let accessNeeds: string | null = v.patch.access_needs ?? null;
    if (v.format === 'another_language' || v.format === 'interpreter') {
      const said = (step.result as Answer).text;
      const named = languageNamed(said);
      if (v.format === 'another_language' && named) {
        language = named;
        v.patch.preferred_language = named;
      } else {
        // A language we cannot name, or the interpreter's language: kept in the customer's words for staff.
        accessNeeds = v.format === 'interpreter' ? `interpreter: ${said}` : said;
        v.patch.access_needs = accessNeeds;
      }
    }
    const customer = step.options.forName ? undefined : await knownCustomer(this.services, step.context);
    if (customer) await updateCustomer(this.services, step.context, customer.id, v.patch);
    const result: PreferencesResult = {
      ...(step.options.forName ? { patch: v.patch } : {}),
      contactMethod: v.patch.contact_method ?? customer?.contact_method ?? 'chat',
      format: v.format ?? 'standard',
      language,
      accessNeeds,
    };
    return step.endDialog(result);
  }
}

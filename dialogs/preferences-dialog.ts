import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { CustomerPatch } from '../src/db/case-store.js';
import type { ContactMethod, PreferredFormat } from '../src/db/rows.js';
import type { LanguageCode } from '../src/languages.js';
import { parseEmail, parsePhone } from './answer-checks.js';
import { Ask, type Answer } from './ask.js';
import { contactMethods, formats, isContactChoice, isFormat, type ContactChoice } from './choice-sets.js';
import { FlowDialog } from './flow-dialog.js';
import { askId } from './flow-start.js';
import { languageNamed } from './languages.js';
import { knownCustomer, type BotServices } from './services.js';
import { turnOf } from './turn.js';

export const preferencesDialogId = 'preferences';

export interface PreferencesResult {
  contactMethod: ContactMethod;
  format: PreferredFormat;
  /** The language asked for when the format is "another language" and we know it. */
  language: LanguageCode | null;
  /** A language or need we cannot name, in the customer's words. */
  accessNeeds: string | null;
}

export interface PreferencesOptions {
  /** Only the format (a document request): the contact method is not asked. */
  formatOnly?: boolean;
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
    this.addDialog(new Ask(askId, services.speaker));
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
    return step.beginDialog(askId, { prompt: { key: 'prefs.contact' }, choices: contactMethods });
  }

  private async askContactDetail(step: WaterfallStepContext<PreferencesOptions>): Promise<DialogTurnResult> {
    if (step.options.formatOnly) return step.next();
    const v = this.values(step);
    const value = (step.result as Answer).value;
    const contact: ContactChoice = isContactChoice(value) ? value : 'chat';
    v.contact = contact;
    const customer = await knownCustomer(this.services, step.context);
    if (contact === 'email') return step.beginDialog(askId, { prompt: { key: 'prefs.email' }, check: 'email' });
    if ((contact === 'sms' || contact === 'phone') && !customer?.phone) {
      return step.beginDialog(askId, { prompt: { key: 'prefs.phone' }, check: 'phone' });
    }
    if (contact === 'letter') return step.beginDialog(askId, { prompt: { key: 'prefs.address' } });
    return step.next();
  }

  private async askFormat(step: WaterfallStepContext<PreferencesOptions>): Promise<DialogTurnResult> {
    const v = this.values(step);
    const answer = step.result as Answer | undefined;
    if (answer && v.contact === 'email') v.patch.email = parseEmail(answer.text) ?? answer.text;
    if (answer && (v.contact === 'sms' || v.contact === 'phone')) v.patch.phone = parsePhone(answer.text) ?? answer.text;
    if (answer && v.contact === 'letter') v.patch.address = answer.text;
    if (v.contact) v.patch.contact_method = this.storedContact(step, v.contact);
    const key = step.options.formatOnly ? 'prefs.formatDocument' : 'prefs.format';
    return step.beginDialog(askId, { prompt: { key }, choices: formats });
  }

  private async askLanguage(step: WaterfallStepContext<PreferencesOptions>): Promise<DialogTurnResult> {
    const v = this.values(step);
    const value = (step.result as Answer).value;
    v.format = isFormat(value) ? value : 'standard';
    v.patch.preferred_format = v.format;
    if (v.format === 'another_language') return step.beginDialog(askId, { prompt: { key: 'prefs.language' } });
    if (v.format === 'interpreter') return step.beginDialog(askId, { prompt: { key: 'prefs.interpreterLanguage' } });
    return step.next();
  }

  private async finish(step: WaterfallStepContext<PreferencesOptions>): Promise<DialogTurnResult> {
    const v = this.values(step);
    let language: LanguageCode | null = null;
    let accessNeeds: string | null = null;
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
    const customer = await knownCustomer(this.services, step.context);
    if (customer) await this.services.store.updateCustomer(customer.id, v.patch);
    const result: PreferencesResult = {
      contactMethod: v.patch.contact_method ?? customer?.contact_method ?? this.storedContact(step, 'chat'),
      format: v.format ?? 'standard',
      language,
      accessNeeds,
    };
    return step.endDialog(result);
  }

  /** "Chat" means the channel in hand: Messenger's own method there, web chat elsewhere. */
  private storedContact(step: WaterfallStepContext<PreferencesOptions>, choice: ContactChoice): ContactMethod {
    if (choice !== 'chat') return choice;
    const { channelId } = turnOf(step.context);
    return channelId === 'messenger' || channelId === 'instagram' ? 'messenger' : 'chat';
  }
}

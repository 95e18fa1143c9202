import { ActivityTypes, type ConversationState, type StatePropertyAccessor, type TurnContext } from 'botbuilder-core';
import { DialogSet, type DialogContext, type DialogState } from './botbuilder-dialogs.js';
import { z } from 'zod';
import { toLanguageCode } from '../src/languages.js';
import { storedConversationOf } from '../src/turn/gateway-adapter.js';
import type { Bot } from '../src/turn/turn-processor.js';
import { pendingQuestion } from './ask.js';
import { newMatter, noteFacts } from './answers/facts.js';
import { handoffRequested, markForCheck } from './answers/give-up.js';
import { followWrittenLanguage } from './answers/written-language.js';
import { asksForAgent, asksForStatus, asksForUpdate, asksToCancel, isOpener, referenceIn } from './commands.js';
import { freshConversationData, type ConversationData } from './conversation-data.js';
import { rightsRequestsIn } from './data-rights.js';
import { dialogStacks } from './dialog-stack.js';
import { wordCount } from './normalise.js';
import { isQuestion, knowledgeTopicFor } from './knowledge.js';
import { namesSameThing } from './same-matter.js';
import { answerRightsRequests } from './data-rights-turn.js';
import { EmergencyDialog, emergencyDialogId, type EmergencyOptions } from './emergency-dialog.js';
import { enquiryDialogId } from './enquiry-dialog.js';
import type { FlowStart } from './flow-start.js';
import { HandoffDialog, handoffDialogId, type HandoffOptions } from './handoff-dialog.js';
import { asksForLanguages, languageNamed, nativeName } from './languages.js';
import { complaintFlowDialogId } from './complaint-flow-dialog.js';
import { MainDialog, mainDialogId } from './main-dialog.js';
import {
  fitsPendingChoice,
  isNewMatter,
  NewMatterDialog,
  newMatterDialogId,
  type NewMatterOptions,
} from './new-matter.js';
import { emergencyCase, needsSafety, sayAdvice } from './safety.js';
import { answerConsentRequest, asksForFormalComplaint, convertOnRequest, pointsBack } from './party-replies.js';
import { knownCustomer, switchLanguage, type BotServices } from './services.js';
import { RightsContactDialog, rightsContactDialogId, type RightsContactOptions } from './rights-contact-dialog.js';
import { StatusDialog, statusDialogId, type StatusOptions } from './status-dialog.js';
import { triageChannel, type TriageResult } from './triage.js';
import { channelOf, setTurnInfo, turnOf, type TurnInfo } from './turn.js';

const Uuid = z.string().uuid();

/** Flow message ids kept for a case: a long conversation should not grow state without bound. */
const maxFlowMessages = 200;

/** How recent an open case must be for the same thing said again to go on it, not on a new one. */
const sameMatterWindowMs = 24 * 60 * 60 * 1000;

/**
 * The bot: one turn at a time, it reads what it remembers, then lets the few things a
 * customer may say at any point interrupt whatever is going on (an emergency above all;
 * a language; a person; start again; a status check; abuse), and otherwise continues
 * the flow in hand or starts one. It never saves state: the turn pipeline does.
 */
export class IntakeBot implements Bot {
  private readonly dialogs: DialogSet;
  private readonly data: StatePropertyAccessor<ConversationData>;

  constructor(
    private readonly services: BotServices,
    conversationState: ConversationState,
  ) {
    this.data = conversationState.createProperty<ConversationData>('intake.data');
    this.dialogs = new DialogSet(conversationState.createProperty<DialogState>('intake.dialogState'));
    this.dialogs.add(new MainDialog(services));
    this.dialogs.add(new EmergencyDialog(services));
    this.dialogs.add(new StatusDialog(services));
    this.dialogs.add(new RightsContactDialog(services));
    this.dialogs.add(new HandoffDialog(services));
    this.dialogs.add(new NewMatterDialog(services));
  }

  async run(context: TurnContext): Promise<void> {
    if (context.activity.type === ActivityTypes.ConversationUpdate) return this.greetOnJoin(context);
    if (context.activity.type !== ActivityTypes.Message) return;
    const info = await this.turnInfo(context);
    setTurnInfo(context, info);
    await this.restorePreferences(context, info);
    await this.followClientLocale(context, info);

    const text = (context.activity.text ?? '').trim();
    // What they say in passing ("it's been two weeks", "text me on 07700 900123") is not asked again.
    if (text !== '') info.data.known = noteFacts(info.data.known ?? {}, text);
    const dc = await this.dialogs.createContext(context);
    // Written in Polish: the conversation is in Polish from this message on, safety advice included.
    const switched = await followWrittenLanguage(this.services, context, text, pendingQuestion(dc));
    if (dc.activeDialog && info.messageId)
      info.data.flowMessageIds = [...info.data.flowMessageIds, info.messageId].slice(-maxFlowMessages);
    const triage = text === '' ? undefined : this.services.classify({ text, channel: triageChannel(info.channelId) });
    const start = (t: TriageResult): FlowStart => ({ text, triage: t, startedAt: info.now.toISOString() });

    if (triage && needsSafety(triage)) {
      const options: EmergencyOptions = { start: start(triage), underneath: this.underneath(dc) };
      await dc.beginDialog(emergencyDialogId, options);
      return;
    }
    if (!info.data.greeted) {
      // Automated chats say that they are automated (docs/rules/channels.md#automated-replies), once per conversation.
      info.data.greeted = true;
      await this.services.speaker.say(context, 'start.greeting');
    }
    if (switched) await this.services.speaker.say(context, 'language.switchedAuto');
    if (text === '' && mediaCount(context) > 0) {
      // A photo or file on its own is acknowledged and carries on where the customer was (#11
      // item 9). With words, the words are answered, and the photo goes where they go.
      await this.services.speaker.say(context, 'media.received');
      return this.carryOnAfterMedia(context, dc, info);
    }
    // Answers to what we asked outside a flow, and a fix the customer wants made a complaint (issue 15).
    if (await answerConsentRequest(this.services, context, dc, text)) return;
    if (await convertOnRequest(this.services, context, dc, text, triage)) return;
    if (await this.interrupted(context, dc, text)) return;
    if (triage?.flags.includes('abusive')) await this.answerAbuse(context, info, dc, triage);

    if (dc.activeDialog) {
      // "I want to make a formal complaint about it", or "again!! 3rd time this month", while a
      // request is being taken: that request is the complaint, or may be. Nothing is logged
      // before the flow ends, so it starts again as one.
      const asComplaint = triage && this.requestMadeComplaint(dc, text, triage, info);
      if (asComplaint) {
        await dc.cancelAllDialogs();
        await dc.beginDialog(mainDialogId, asComplaint);
        return;
      }
      // A new matter written instead of an answer is taken as what it is (issue 21 item 2).
      const underneath = this.underneath(dc);
      if (triage && underneath && isNewMatter(context, this.services.speaker, dc, text, triage, underneath)) {
        if (await this.addedToOpenCase(context, info, triage, text)) {
          await dc.repromptDialog();
          return;
        }
        const outerMessageIds = info.data.flowMessageIds.filter((id) => id !== info.messageId);
        const options: NewMatterOptions = { start: start(triage), underneath, outerMessageIds };
        await dc.beginDialog(newMatterDialogId, options);
        return;
      }
      await dc.continueDialog();
      await this.handOffIfAsked(context, dc);
      return;
    }
    if (!triage) {
      await this.services.speaker.say(context, 'start.howCanIHelp');
      return;
    }
    // "ok", "thanks", "yes", an emoji with no flow in hand: nothing to act on, so no case (issue 11, 21).
    if (triage.substance === 'none') {
      await this.services.speaker.say(context, isOpener(text) ? 'start.howCanIHelp' : 'start.acknowledged');
      return;
    }
    if (await this.addedToOpenCase(context, info, triage, text)) return;
    // A photo sent before the words goes with the matter they describe.
    info.data.flowMessageIds = [...(info.data.mediaMessageIds ?? []), ...(info.messageId ? [info.messageId] : [])];
    info.data.mediaMessageIds = [];
    // A new matter starts when it starts: an earlier one's "two weeks" is not this one's.
    info.data.known = newMatter(info.data.known ?? {}, text);
    await dc.beginDialog(mainDialogId, start(triage));
  }

  /**
   * A photo or file with no words. In a flow, the pending question is asked again (the photo
   * is kept with the flow's messages, for its case; it is not an unusable answer). Otherwise
   * it goes on the case the conversation has open, or waits for the customer to say what it
   * shows, and then goes on that matter's case.
   */
  private async carryOnAfterMedia(context: TurnContext, dc: DialogContext, info: TurnInfo): Promise<void> {
    const { speaker, store } = this.services;
    if (dc.activeDialog) {
      await dc.repromptDialog();
      return;
    }
    const open = info.conversationId ? await store.listCasesForConversation(info.conversationId, true) : [];
    const latest = open[0]; // newest first
    if (latest && info.messageId) {
      await store.attachMessageToCase(info.messageId, latest.id);
      await speaker.say(context, { key: 'media.addedToCase', vars: { reference: latest.reference } });
      return;
    }
    if (info.messageId)
      info.data.mediaMessageIds = [...(info.data.mediaMessageIds ?? []), info.messageId].slice(-maxFlowMessages);
    await speaker.say(context, 'media.whatIsIt');
  }

  /**
   * A message while a colleague has the conversation, or it waits for one: it has gone to
   * staff already, so the bot stays quiet, except for safety. An emergency gets its advice
   * at once, its case (the conversation's open one, or a new EMG- case), and an alert with
   * a mention in the Slack thread; the colleague keeps the conversation (issue 11 item 7).
   */
  async runHandedOff(context: TurnContext): Promise<void> {
    if (context.activity.type !== ActivityTypes.Message) return;
    const info = await this.turnInfo(context);
    setTurnInfo(context, info);
    await this.restorePreferences(context, info);
    const text = (context.activity.text ?? '').trim();
    if (text === '') return;
    const triage = this.services.classify({ text, channel: triageChannel(info.channelId) });
    if (!needsSafety(triage)) return;
    await sayAdvice(this.services, context, triage);
    const row = triage.emergency
      ? (await emergencyCase(this.services, context, { text, triage, startedAt: info.now.toISOString() })).row
      : undefined;
    if (info.conversationId && info.messageId) {
      await this.services.cases.alertSafety({
        conversationId: info.conversationId,
        caseId: row?.id ?? null,
        messageId: info.messageId,
        hazard: triage.hazard ?? null,
      });
    }
    await this.services.speaker.say(
      context,
      row && !info.caps.isPublic
        ? { key: 'emergency.loggedWelfare', vars: { reference: row.reference } }
        : 'emergency.alerted',
    );
  }

  /**
   * A chat client opened the conversation (Web Chat's join, a conversationUpdate): greet it in
   * the language it asked for, once; the customer's first message then finds it greeted.
   * It has no words, so it starts no flow and joins no case.
   */
  private async greetOnJoin(context: TurnContext): Promise<void> {
    const info = await this.turnInfo(context);
    setTurnInfo(context, info);
    await this.restorePreferences(context, info);
    await this.followClientLocale(context, info);
    if (info.data.greeted) return;
    info.data.greeted = true;
    await this.services.speaker.say(context, 'start.greeting');
    await this.services.speaker.say(context, 'start.howCanIHelp');
  }

  /** A question the bot could not get an answer to twice: the customer goes to a person, with the transcript. */
  private async handOffIfAsked(context: TurnContext, dc: DialogContext): Promise<void> {
    const reason = handoffRequested(context);
    if (!reason) return;
    await dc.cancelAllDialogs();
    const options: HandoffOptions = { reason };
    await dc.beginDialog(handoffDialogId, options);
  }

  /** Language, a person, start again, status: each handled whatever else is going on. */
  private async interrupted(context: TurnContext, dc: DialogContext, text: string): Promise<boolean> {
    const { speaker } = this.services;
    // "English" to "which format?" answers the question; it is not a request to switch.
    const named = text === '' || pendingQuestion(dc)?.takesLanguageNames ? undefined : languageNamed(text);
    if (named) {
      await switchLanguage(this.services, context, named, 'chosen');
      await speaker.say(context, { key: 'language.switched', vars: { language: nativeName(named) } });
      if (dc.activeDialog) await dc.repromptDialog();
      else await speaker.say(context, 'start.howCanIHelp');
      return true;
    }
    if (asksForLanguages(text)) {
      await speaker.say(context, 'language.list');
      if (dc.activeDialog) await dc.repromptDialog();
      return true;
    }
    // "I withdraw my consent", "send me a copy of what you hold about me" (issue 16): at any point.
    const rights = text === '' ? [] : rightsRequestsIn(text);
    if (rights.length > 0) {
      const opened = await answerRightsRequests(this.services, context, rights, text);
      if (dc.activeDialog) await dc.repromptDialog();
      else if (opened.length > 0 && !turnOf(context).caps.isPublic) {
        // Someone we cannot name or write to: asked who they are and where to send the reply.
        const customer = await knownCustomer(this.services, context);
        const options: RightsContactOptions = {
          caseIds: opened,
          askName: !customer?.name,
          askWhere: !customer?.email && !customer?.address,
        };
        if (options.askName || options.askWhere) await dc.beginDialog(rightsContactDialogId, options);
      }
      return true;
    }
    if (asksForAgent(text) && !fitsPendingChoice(context, speaker, dc, text)) {
      await dc.cancelAllDialogs();
      const options: HandoffOptions = { reason: 'customer_asked' };
      await dc.beginDialog(handoffDialogId, options);
      return true;
    }
    if (asksToCancel(text)) {
      await dc.cancelAllDialogs();
      await speaker.say(context, 'cancel.done');
      return true;
    }
    const reference = referenceIn(text);
    // With a flow in hand a bare reference may be part of an answer; "status …" is always a status check.
    if (reference && (asksForStatus(text) || !dc.activeDialog)) {
      const options: StatusOptions = { reference };
      await dc.beginDialog(statusDialogId, options);
      return true;
    }
    // "any update on my complaint?" without the reference: their latest open case, found from who they are.
    if (!reference && !dc.activeDialog && asksForUpdate(text)) {
      const customer = await knownCustomer(this.services, context);
      const [latest] = customer ? await this.services.store.listCasesForCustomer(customer.id, true) : [];
      if (latest) {
        const options: StatusOptions = { reference: latest.reference };
        await dc.beginDialog(statusDialogId, options);
        return true;
      }
    }
    return false;
  }

  /**
   * seed 004 / docs/rules/contacts.md#unacceptable-behaviour: told politely (once), staff alerted every time; only a
   * person may restrict contact, so the conversation carries on.
   */
  private async answerAbuse(
    context: TurnContext,
    info: TurnInfo,
    dc: DialogContext,
    triage: TriageResult,
  ): Promise<void> {
    if (!info.data.abuseAnswered) {
      info.data.abuseAnswered = true;
      await this.services.speaker.say(context, 'abuse.calm');
    }
    if (!info.conversationId) return;
    // The flag stays where it happened (issue 15 item 9): on this conversation, and on the case this
    // message's flow opens, never on the customer's other open cases.
    await this.services.store.flagConversation(info.conversationId, 'abusive_language');
    if (dc.activeDialog || triage.substance !== 'none') markForCheck(info, 'abusive_language');
    await this.services.cases.flagForStaff({
      conversationId: info.conversationId,
      caseIds: [],
      reason: 'abusive_language',
      key: info.messageId ?? info.now.toISOString(),
    });
  }

  /**
   * The request in hand, started again as a complaint, while its questions are still being
   * asked: as a formal complaint when the customer asks for one about it (Code 1.3, 5.2); with
   * the complaint offered when what they add about it is unhappy ("my boilers broke", then
   * "again!! 3rd time this month and the engineer never turns up": Code 1.3, 1.4). Undefined
   * otherwise. The words of both messages are the complaint's words.
   */
  private requestMadeComplaint(
    dc: DialogContext,
    text: string,
    triage: TriageResult,
    info: TurnInfo,
  ): FlowStart | undefined {
    const [, main] = dialogStacks(dc);
    if (main?.at(-1)?.id !== enquiryDialogId) return undefined;
    const start = (main[0]?.state as { options?: FlowStart } | undefined)?.options;
    if (!start || start.triage.kind !== 'enquiry') return undefined;
    // Chasing ("ive rang 3 times nobody bothers") is about how we answered the request in hand.
    const sameTheme =
      triage.category === 'other' || triage.category === 'communication' || triage.category === start.triage.category;
    if (asksForFormalComplaint(text, triage)) {
      // "…about it" on the same theme, or a bare request ("I want to make a formal complaint",
      // "أريد تقديم شكوى رسمية") is about this. "I want to complain about my neighbour", or a
      // complaint told in full ("…missed 3 appointments for my leaking roof"), is a matter of its own.
      const bare = triage.category === 'other' && wordCount(text) <= 8;
      if (!(sameTheme && pointsBack(text)) && !bare) return undefined;
      return { ...start, triage: { ...start.triage, kind: 'formal_complaint', explicitComplaintRequest: true } };
    }
    // Unhappy about the same thing, or plainly pointing back at it; an emergency has its own way in.
    if (triage.kind === 'enquiry' || triage.emergency || !sameTheme) return undefined;
    if (triage.category === 'other' && !pointsBack(text)) return undefined;
    const words = `${start.text}\n${text}`;
    const both = this.services.classify({ text: words, channel: triageChannel(info.channelId) });
    if (both.kind === 'enquiry' || both.emergency) return undefined;
    const category = start.triage.category === 'other' ? both.category : start.triage.category;
    return { ...start, text: words, triage: { ...both, category } };
  }

  /**
   * A plain request about the thing a case this conversation has open is about ("i just want
   * someone to sort the mould out", after the mould was logged): more words for that case, so
   * the colleagues on it see them, not a second case for the same job. Something else in the
   * same category ("also the kitchen tap is leaking" after the boiler) is its own matter, and
   * unhappiness and emergencies take their own way.
   */
  private async addedToOpenCase(
    context: TurnContext,
    info: TurnInfo,
    triage: TriageResult,
    text: string,
  ): Promise<boolean> {
    if (triage.kind !== 'enquiry' || triage.emergency || !info.conversationId || !info.messageId) return false;
    // "How do I pay my rent?" with a rent case open is still answered.
    if (knowledgeTopicFor(text) !== undefined && isQuestion(text)) return false;
    const open = await this.services.store.listCasesForConversation(info.conversationId, true);
    // Opened in the last day: an SMS conversation lasts as long as the number, and the boiler
    // breaking down again next month is a new job, not words for last month's case.
    const since = info.now.getTime() - sameMatterWindowMs;
    const same = open.find(
      (c) =>
        c.kind !== 'subject_access' &&
        c.kind !== 'erasure_request' &&
        new Date(c.received_at).getTime() >= since &&
        namesSameThing(text, c.customer_words),
    );
    if (!same) return false;
    await this.services.store.attachMessageToCase(info.messageId, same.id);
    await this.services.speaker.say(context, { key: 'interrupt.addedToCase', vars: { reference: same.reference } });
    return true;
  }

  /** What an emergency interrupts, so the customer can be offered to carry on with it. */
  private underneath(dc: DialogContext): EmergencyOptions['underneath'] {
    const ids = stackIds(dc);
    if (ids.length === 0) return null;
    return ids.includes(complaintFlowDialogId) ? 'complaint' : 'other';
  }

  private async turnInfo(context: TurnContext): Promise<TurnInfo> {
    const data = await this.data.get(context, freshConversationData());
    const { channelId, caps } = channelOf(context.activity.channelId);
    const conversationId = Uuid.safeParse(context.activity.conversation?.id);
    const messageId = Uuid.safeParse(context.activity.id);
    let storedConversation: string | null = null;
    // The turn pipeline hands over the row it read; only outside it (the chat command) is it looked up.
    if (
      conversationId.success &&
      (storedConversationOf(context)?.id === conversationId.data ||
        (await this.services.store.getConversation(conversationId.data)))
    )
      storedConversation = conversationId.data;
    return {
      data,
      channelId,
      caps,
      conversationId: storedConversation,
      messageId: storedConversation && messageId.success ? messageId.data : null,
      now: this.services.now(),
    };
  }

  /** A returning customer's language comes back with them. */
  private async restorePreferences(context: TurnContext, info: TurnInfo): Promise<void> {
    if (info.data.initialised) return;
    info.data.initialised = true;
    const customer = await knownCustomer(this.services, context);
    const stored = toLanguageCode(customer?.preferred_language);
    if (stored && stored !== info.data.lang) {
      info.data.lang = stored;
      info.data.langSource = 'stored';
    }
  }

  /** The client's own language setting (web chat's selector): a change of it switches the conversation. */
  private async followClientLocale(context: TurnContext, info: TurnInfo): Promise<void> {
    const locale = context.activity.locale;
    if (!locale || locale === info.data.clientLocale) return;
    const first = info.data.clientLocale === undefined;
    info.data.clientLocale = locale;
    const lang = toLanguageCode(locale);
    if (!lang || lang === info.data.lang) return;
    // A first locale only fills in for the default; a stored or chosen language outranks it.
    if (first && info.data.langSource !== 'default') return;
    await switchLanguage(this.services, context, lang, 'client');
  }
}

/** How many photos or files came with the message (the turn pipeline puts them in channelData.media). */
function mediaCount(context: TurnContext): number {
  const channelData: unknown = context.activity.channelData;
  if (typeof channelData !== 'object' || channelData === null || !('media' in channelData)) return 0;
  const { media } = channelData;
  return Array.isArray(media) ? media.length : 0;
}

/** The ids of every dialog on the stack, nested ones included. */
function stackIds(dc: DialogContext): string[] {
  return dialogStacks(dc)
    .flat()
    .map((instance) => instance.id);
}

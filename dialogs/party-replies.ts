import type { TurnContext } from 'botbuilder-core';
import type { DialogContext } from './botbuilder-dialogs.js';
import { yesNo } from './choice-sets.js';
import { referenceIn } from './commands.js';
import { normalise, recogniseChoice } from './recognise.js';
import { knownCustomer, type BotServices } from './services.js';
import type { TriageResult } from './triage.js';
import { turnOf } from './turn.js';

/**
 * What a customer says back to something the gateway asked or did about their case outside a
 * flow (issue 15): their answer to "may this person act for you?", and asking for a first-time
 * fix to become a formal complaint.
 */

// People answer a consent question as they type: "YES", "yes thats fine", "ok go ahead", "Nope".
const yesWords =
  /^(y|yes+|yeah|yep|yup|yea|yeh|ya|ok|okay|k|sure|fine|agreed?|i agree|aye|go ahead|of course|certainly|absolutely|please do|correct|thats fine|that s fine|thats ok|that s ok|yes please|yes thats fine|yes that s fine|yes go ahead|yes they can|yes she can|yes he can|happy for (them|her|him) to)\b/;
const noWords =
  /^(n|no+|nope|nah|na|dont|don t|do not|i dont|i don t|i do not|not ok|not happy|refuse|never|who is (this|that|he|she|they)|i dont know (them|him|her)|i don t know (them|him|her))\b/;

/** YES, no, or neither, read the way people type it, in their language or English. */
export function readYesNo(services: BotServices, context: TurnContext, text: string): 'yes' | 'no' | null {
  const said = normalise(text);
  if (said === '') return null;
  if (noWords.test(said)) return 'no';
  if (yesWords.test(said)) return 'yes';
  const choices = yesNo.map((c) => ({ value: c.value, words: services.speaker.wordsInAnyLanguage(context, c) }));
  const value = recogniseChoice(text, choices, said.split(' ').length <= 4);
  return value === 'yes' || value === 'no' ? value : null;
}

/**
 * The customer answers our "X has asked to act for you about CMP-…; reply YES to agree" on
 * their own channel. Their words are kept with the consent; anything else goes on as usual.
 */
export async function answerConsentRequest(
  services: BotServices,
  context: TurnContext,
  dc: DialogContext,
  text: string,
): Promise<boolean> {
  const info = turnOf(context);
  if (!info.conversationId || dc.activeDialog || text === '') return false;
  // Neither yes nor no answers no request: read first, so most messages ask the database nothing here.
  const answer = readYesNo(services, context, text);
  if (!answer) return false;
  const { parties } = services.cases;
  const pending = await parties.pendingRequest(info.conversationId);
  if (!pending) return false;
  const done = await parties.answerRequest({
    conversationId: info.conversationId,
    granted: answer === 'yes',
    words: text,
    channelId: info.channelId,
  });
  if (!done) return false;
  if (info.messageId) await services.store.attachMessageToCase(info.messageId, done.case.id);
  await services.speaker.say(context, {
    key: answer === 'yes' ? 'parties:consent.thanksYes' : 'parties:consent.thanksNo',
    vars: { representative: done.party.name, reference: done.case.reference },
  });
  return true;
}

// "make FTF-… a formal complaint", "i want to make this a formal complaint", "complain properly".
const asksFormal = [
  /\b(formal|formel|formall|fromal|official|offical|proper|propper|real|full)\s+(complaint|complant|compliant|complaints|complain)\b/,
  /\bcomplai?n(t)?\s+(properly|propperly|formally|officially|offically)\b/,
  /\b(make|making|raise|raising|log|logging|file|lodge|put in|turn|change|convert|escalate|upgrade)\b.{0,40}\b(complaint|complant|compliant)\b/,
  /\b(want|wanna|would like|d like|like|need) to (complain|complian|make a complaint)\b/,
];
// Pointing back at the matter in hand rather than a new one.
const refersBack =
  /\b(this|it|that|the (repair|request|job|fix|report)|my (repair|request|job|fix|report)|properly|formally|officially|still|again|not good enough|isnt good enough|isn t good enough|not fixed|nothing has happened|fed up)\b/;

/** "…about it", "this isn't good enough": the message is about the matter in hand, not a new one. */
export function pointsBack(text: string): boolean {
  return refersBack.test(normalise(text));
}

export function asksForFormalComplaint(text: string, triage: TriageResult | undefined): boolean {
  const said = normalise(text);
  return asksFormal.some((p) => p.test(said)) || (triage?.explicitComplaintRequest ?? false);
}

/**
 * A customer with an open first-time fix asks for a formal complaint (Code 1.3; docs/rules/contacts.md#first-time-fix):
 * that case becomes a stage 1 complaint, never a second one. With a reference, that case (if it
 * is theirs); without, their newest open fix, when the message points back at it. The choice is
 * recorded with their words.
 */
export async function convertOnRequest(
  services: BotServices,
  context: TurnContext,
  dc: DialogContext,
  text: string,
  triage: TriageResult | undefined,
): Promise<boolean> {
  if (text === '' || !asksForFormalComplaint(text, triage)) return false;
  const info = turnOf(context);
  if (!info.conversationId) return false;
  const reference = referenceIn(text);
  if (dc.activeDialog && !reference) return false;
  const { store, speaker, cases } = services;
  const customer = await knownCustomer(services, context);
  const mine = (row: { conversation_id: string | null; customer_id: string | null }) =>
    row.conversation_id === info.conversationId || (customer !== undefined && row.customer_id === customer.id);
  let target;
  if (reference) {
    const row = await store.getCaseByReference(reference);
    if (!row || !mine(row)) return false;
    // "escalate CMP-… " is a stage 2 request, not this: only "make it formal" is told it already is.
    if (row.kind === 'formal_complaint' && row.status === 'open' && asksFormal[0]?.test(normalise(text))) {
      await speaker.say(context, { key: 'parties:conversion.already', vars: { reference: row.reference } });
      return true;
    }
    if (row.kind !== 'first_time_fix' || row.status !== 'open') return false;
    target = row;
  } else {
    const open = [
      ...(await store.listCasesForConversation(info.conversationId, true)),
      ...(customer ? await store.listCasesForCustomer(customer.id, true) : []),
    ].filter((c) => c.kind === 'first_time_fix');
    const newest = open.sort((a, b) => +new Date(b.received_at) - +new Date(a.received_at))[0];
    if (!newest) return false;
    // "I want to complain about my neighbour" is a new matter: only what points back, or is about the same thing, converts.
    const sameTopic = triage?.category !== undefined && triage.category === newest.category;
    if (!pointsBack(text) && !sameTopic) return false;
    target = newest;
  }
  const updated = await cases.convertToStage1(target.id, {
    actor: 'customer',
    customerAskedAt: info.now,
    tell: false,
    words: text,
  });
  if (info.messageId) await store.attachMessageToCase(info.messageId, updated.id);
  const clocks = await store.listClocks(updated.id);
  const due = (name: string) => clocks.find((c) => c.name === name && c.status === 'running')?.due_at;
  const ack = due('stage1_ack');
  const response = due('stage1_response');
  await speaker.say(context, {
    key: 'parties:conversion.done',
    vars: { reference: updated.reference },
    dates: {
      ackDate: ack ? new Date(ack).toISOString() : '',
      responseDate: response ? new Date(response).toISOString() : '',
    },
  });
  if (dc.activeDialog) await dc.repromptDialog();
  return true;
}

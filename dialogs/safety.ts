import type { TurnContext } from 'botbuilder-core';
import type { Case } from '../src/db/rows.js';
import type { Hazard } from '../src/triage/types.js';
import type { FlowStart } from './flow-start.js';
import { caseOpened, customerForCase, turnConversation, type BotServices } from './services.js';
import { categoryFor, classificationRecord, type TriageResult } from './triage.js';
import { turnOf } from './turn.js';

/** Which safety advice comes first ([hazards](../docs/rules/hazards.md#safety-advice-first); seed 001). */
export function adviceKey(hazard: Hazard | undefined, safeguarding: boolean): string {
  switch (hazard) {
    case 'gas':
    case 'carbon_monoxide':
      return 'emergency.advice.gas';
    case 'fire':
      return 'emergency.advice.fire';
    case 'person_at_risk':
      // A welfare concern: 999 if in danger, 101 otherwise.
      return safeguarding ? 'emergency.advice.safeguarding' : 'emergency.advice.danger';
    case 'trapped':
      return 'emergency.advice.danger';
    case 'water_electrics':
    case 'sparks_burning':
    case 'exposed_electrics':
      return 'emergency.advice.electrics';
    case 'flooding':
      return 'emergency.advice.flooding';
    case 'no_heat_vulnerable':
      // Keeping warm until it is fixed, and never a gas cooker for heat (carbon monoxide).
      return safeguarding ? 'emergency.advice.safeguarding' : 'emergency.advice.cold';
    default:
      return safeguarding ? 'emergency.advice.safeguarding' : 'emergency.advice.general';
  }
}

/** A message that needs safety advice at once, whatever state the conversation is in. */
export function needsSafety(triage: TriageResult): boolean {
  return triage.emergency || triage.flags.includes('safeguarding');
}

/** The advice, then (for a repair emergency) the landlord's 24-hour line. */
export async function sayAdvice(services: BotServices, context: TurnContext, triage: TriageResult): Promise<void> {
  await services.speaker.say(context, adviceKey(triage.hazard, triage.flags.includes('safeguarding')));
  // The landlord's line is for repairs; someone at risk is for 999/101 and our team.
  if (triage.emergency && triage.hazard !== 'person_at_risk') await services.speaker.say(context, 'emergency.line');
}

/**
 * The conversation's emergency case: the open one it already has (a repeat is noted on it),
 * or a new EMG- case with the 24-hour make-safe clock. No consent is asked first: vital
 * interests (UK GDPR Art. 6(1)(d); [data protection](../docs/rules/data-protection.md)).
 */
export async function emergencyCase(
  services: BotServices,
  context: TurnContext,
  start: FlowStart,
): Promise<{ row: Case; fresh: boolean }> {
  const info = turnOf(context);
  const { store, cases } = services;
  const { triage } = start;
  const earlier = info.data.emergencyCaseId ? await store.getCase(info.data.emergencyCaseId) : undefined;
  if (earlier && earlier.status === 'open') {
    await store.appendEvent(earlier.id, 'bot', 'emergency_repeated', { messageId: info.messageId });
    return { row: earlier, fresh: false };
  }
  const customer = await customerForCase(services, context);
  const opened = await cases.openCase({
    kind: 'emergency',
    priority: 'emergency',
    customerId: customer?.id ?? null,
    conversationId: info.conversationId,
    channelId: info.channelId,
    customerWords: start.text,
    originMessageId: info.messageId,
    messageIds: info.messageId ? [info.messageId] : [],
    category: triage.category === 'other' ? 'repairs' : categoryFor(triage),
    flags: [...triage.flags, ...triage.hazards.map((h) => `hazard:${h}`)],
    classification: classificationRecord(triage),
    receivedAt: new Date(start.startedAt),
    ...(customer ? { customer } : {}),
    ...turnConversation(context),
  });
  caseOpened(context, opened);
  info.data.emergencyCaseId = opened.case.id;
  return { row: opened.case, fresh: true };
}

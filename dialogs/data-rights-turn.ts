import type { TurnContext } from 'botbuilder-core';
import type { RightsCaseKind } from '../src/db/rows.js';
import { stableUuid } from '../src/ids.js';
import { consentKindsNamed, type RightsRequest } from './data-rights.js';
import { customerForCase, forgetCustomer, knownCustomer, type BotServices } from './services.js';
import { turnOf } from './turn.js';

/**
 * A request under the customer's rights, answered in the turn it is made, whatever else is
 * going on (docs/rules/data-protection.md): a withdrawal is recorded and acted on at once
 * (Art. 7(3): as easy as giving consent); a request for a copy or for erasure opens a case
 * of its own kind for the data protection team, due one calendar month later (Art. 12(3)).
 * The customer is told what was done, truthfully, and the flow in hand carries on after.
 * Returns the ids of the rights cases opened.
 */
export async function answerRightsRequests(
  services: BotServices,
  context: TurnContext,
  requests: readonly RightsRequest[],
  text: string,
): Promise<string[]> {
  const info = turnOf(context);
  const { speaker, dataProtection } = services;
  const customer = await knownCustomer(services, context);
  if (requests.includes('withdraw')) {
    // "…for my MP" withdraws that consent only; naming none withdraws every one in force.
    const named = consentKindsNamed(text);
    const whose = { customerId: customer?.id ?? null, conversationId: info.conversationId };
    const withdrawn = await dataProtection.withdraw({
      ...whose,
      ...(named.length > 0 ? { kinds: named } : {}),
      channelId: info.channelId,
      actor: 'customer',
      said: text,
      ...(info.messageId ? { key: info.messageId } : {}),
      at: info.now,
    });
    // Withdrawing health details clears them on the customer: the turn reads it again when next needed.
    forgetCustomer(context);
    const kinds = [...new Set(withdrawn.map((c) => c.kind))];
    const list = (of: readonly string[]) =>
      of.map((k) => speaker.text(context, `dataprot:withdraw.kinds.${k}`)).join('; ');
    if (kinds.length === 0) {
      // The consent named is not in force, but others are: they stay, and the customer is told so.
      const others = named.length > 0 && (await dataProtection.consentsInForce(whose)).length > 0;
      if (others) await speaker.say(context, { key: 'dataprot:withdraw.notInForce', vars: { what: list(named) } });
      else await speaker.say(context, 'dataprot:withdraw.none');
    } else {
      const what = list(kinds);
      const effects = kinds.map((k) => speaker.text(context, `dataprot:withdraw.effects.${k}`)).join(' ');
      await speaker.say(context, { key: 'dataprot:withdraw.done', vars: { what, effects } });
    }
  }
  const opened: string[] = [];
  for (const [request, kind] of [
    ['access', 'subject_access'],
    ['erase', 'erasure_request'],
  ] as const satisfies readonly (readonly [RightsRequest, RightsCaseKind])[]) {
    if (!requests.includes(request)) continue;
    // Answering a rights request is a legal obligation: it needs the person on record, no notice question first.
    const person = await customerForCase(services, context);
    const rights = await dataProtection.requests.open({
      kind,
      customerId: person?.id ?? null,
      conversationId: info.conversationId,
      channelId: info.channelId,
      words: text,
      // One message may ask for both: each request is its own case, found again on a replayed turn.
      originMessageId: info.messageId ? stableUuid(info.messageId, 'rights', kind) : null,
      messageIds: info.messageId ? [info.messageId] : [],
      receivedAt: info.now,
    });
    const due = rights.clocks.find((c) => c.name === 'rights_response');
    await speaker.say(context, {
      key: request === 'access' ? 'dataprot:access.opened' : 'dataprot:erase.opened',
      vars: { reference: rights.case.reference },
      dates: { date: (due ? new Date(due.due_at) : info.now).toISOString() },
    });
    opened.push(rights.case.id);
  }
  return opened;
}

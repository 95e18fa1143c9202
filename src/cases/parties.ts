import { capabilitiesOf, type ChannelId } from '../channel.js';
import type { CaseEventRepository } from '../db/case-events.js';
import type { CaseRepository } from '../db/cases.js';
import type { ConversationRepository } from '../db/conversations.js';
import type { CustomerRepository } from '../db/customers.js';
import type { CaseParty, PartyRepository } from '../db/parties.js';
import type { Case, Customer } from '../db/rows.js';
import { NotFoundError, PolicyError } from '../errors.js';
import type { Translator } from '../i18n.js';
import { stableUuid } from '../ids.js';
import type { Logger } from '../logger.js';
import type { Outbox } from '../outbox.js';
import type { PolicyPack } from '../policy/index.js';

/** What the parties service reads and writes of the system of record. */
export type PartiesStore = Pick<
  PartyRepository,
  | 'addParty'
  | 'getParty'
  | 'listParties'
  | 'pendingConsentRequests'
  | 'setPartyConsent'
  | 'customerForRepresented'
  | 'conversationForCustomer'
  | 'withheldFromRepresentative'
  | 'caseConversationFor'
> &
  Pick<CaseRepository, 'getCase'> &
  Pick<CaseEventRepository, 'appendEvent'> &
  Pick<ConversationRepository, 'getConversation'> &
  Pick<CustomerRepository, 'getCustomer' | 'recordConsent'>;

export interface PartiesDeps {
  store: PartiesStore;
  outbox: Pick<Outbox, 'notify'>;
  translator: Translator;
  pack: PolicyPack;
  logger: Logger;
  now: () => Date;
  /** Refresh the case's cards for staff (the CaseService's caseChanged). */
  changed: (caseId: string, change: string, key: string) => Promise<void>;
  /**
   * The number a first SMS to a customer goes from (TWILIO_FROM), to ask a customer on their
   * own phone whether a representative may act for them. @defaultValue none: the
   * representative's own SMS number is ours too when they wrote by SMS; otherwise staff
   * record the customer's written consent.
   */
  smsFrom?: string;
}

export interface NewRepresentative {
  caseId: string;
  name: string;
  relationship?: string | null;
  organisation?: string | null;
  phone?: string | null;
  email?: string | null;
  /** The conversation the representative writes from. */
  conversationId?: string | null;
  /** What the representative said about the customer's agreement (it is not the customer's consent). */
  representativeSays?: string | null;
  actor: string;
}

/** "caseworker at Jane Smith MP's office" → "Jane Smith MP's office": where the representative works, when they said. */
export function organisationIn(relationship: string | null | undefined): string | null {
  const match = /\b(?:at|from|with|for)\s+(.{3,120})$/i.exec((relationship ?? '').trim());
  const found = match?.[1]?.trim();
  return found &&
    /\b(office|mp|councillor|council|charity|service|services|advice|citizens|team|trust|association|ltd|group|centre|center)\b/i.test(
      found,
    )
    ? found
    : null;
}

/**
 * Representatives as parties of their own (seed 004; docs/rules/contacts.md#representatives).
 * A representative never becomes the customer: the customer keeps their own record, and is
 * asked on their own channel whether they agree ("reply YES"), or a colleague records their
 * written consent. Until then, and after a withdrawal, nothing about the case goes to the
 * representative: the Outbox keeps such a message unsent (`withheldFromRepresentative`), and
 * the case's news goes to the customer's own conversation instead (`caseConversationFor`).
 */
export class PartiesService {
  constructor(private readonly deps: PartiesDeps) {}

  /** The representative joins the case as its own party, awaiting the customer's consent. */
  async addRepresentative(input: NewRepresentative): Promise<CaseParty> {
    const { store } = this.deps;
    const party = await store.addParty({
      id: stableUuid(input.caseId, 'party', 'representative', input.name.toLowerCase()),
      caseId: input.caseId,
      name: input.name,
      relationship: input.relationship ?? null,
      organisation: input.organisation ?? organisationIn(input.relationship),
      phone: input.phone ?? null,
      email: input.email ?? null,
      conversationId: input.conversationId ?? null,
    });
    await store.appendEvent(input.caseId, input.actor, 'representative_added', {
      partyId: party.id,
      name: party.name,
      relationship: party.relationship,
      organisation: party.organisation,
      representativeSays: input.representativeSays ?? null,
    });
    return party;
  }

  /**
   * Ask the customer, on their own channel and in their language, whether the representative
   * may act for them. Returns false when we have no way to reach them (no number, no SMS):
   * a colleague records their written consent instead, as the case card says.
   */
  async requestConsent(partyId: string, actor: string): Promise<boolean> {
    const { store, translator: t } = this.deps;
    const party = await this.mustGetParty(partyId);
    const row = await this.mustGetCase(party.case_id);
    const customer = row.customer_id ? await store.getCustomer(row.customer_id) : undefined;
    const from = await this.smsFromFor(party);
    const why = !customer?.phone
      ? 'no phone number for the customer'
      : !from
        ? 'no SMS number to send from'
        : customer.phone === party.phone
          ? "the customer's number is the representative's own"
          : null;
    if (why || !customer?.phone || !from) {
      await store.appendEvent(row.id, actor, 'representative_consent_unreachable', { partyId, why });
      await this.deps.changed(row.id, 'representative_consent', `unreachable-${partyId}`);
      return false;
    }
    const conversationId = await store.conversationForCustomer(customer.id, 'sms', customer.phone, from);
    const lang = customer.preferred_language;
    const who = party.organisation ? `${party.name} (${party.organisation})` : party.name;
    await this.deps.outbox.notify(conversationId, {
      id: stableUuid(party.id, 'consent-request'),
      text: t.t(lang, 'parties:consent.request', {
        representative: who,
        reference: row.reference,
        context: capabilitiesOf('sms').wording,
      }),
      author: 'bot',
      locale: lang,
    });
    await store.setPartyConsent(party.id, {
      status: 'requested',
      at: this.deps.now(),
      consentConversationId: conversationId,
    });
    await store.appendEvent(row.id, actor, 'representative_consent_requested', { partyId, channel: 'sms' });
    await this.deps.changed(row.id, 'representative_consent', `requested-${partyId}`);
    return true;
  }

  /** The representative's consent request this conversation's customer has yet to answer, if any. */
  async pendingRequest(conversationId: string): Promise<{ party: CaseParty; case: Case } | null> {
    const party = (await this.deps.store.pendingConsentRequests(conversationId))[0];
    if (!party) return null;
    const row = await this.deps.store.getCase(party.case_id);
    return row ? { party, case: row } : null;
  }

  /** The customer answered on their own channel: their words are kept with the consent. */
  async answerRequest(input: {
    conversationId: string;
    granted: boolean;
    words: string;
    channelId: ChannelId;
  }): Promise<{ party: CaseParty; case: Case } | null> {
    const pending = await this.pendingRequest(input.conversationId);
    if (!pending) return null;
    const { party, case: row } = pending;
    await this.decide(row, party, {
      granted: input.granted,
      by: 'customer',
      channelId: input.channelId,
      conversationId: input.conversationId,
      details: { givenBy: 'customer', how: 'reply', words: input.words.slice(0, 500) },
    });
    if (input.granted) await this.tellRepresentative(row, party);
    return { party: (await this.deps.store.getParty(party.id)) ?? party, case: row };
  }

  /**
   * The customer said in their own conversation that this person acts for them (or that they
   * do not want them to): recorded on the party; the consent row itself is the case's own.
   */
  async recordGivenInConversation(partyId: string, granted: boolean, actor: string): Promise<CaseParty> {
    const party = await this.mustGetParty(partyId);
    const status = granted ? 'confirmed' : 'declined';
    const updated = await this.deps.store.setPartyConsent(party.id, { status, by: 'customer', at: this.deps.now() });
    await this.deps.store.appendEvent(party.case_id, actor, `representative_consent_${status}`, {
      partyId,
      name: party.name,
      how: 'in_conversation',
    });
    return updated;
  }

  /** The customer a representative writes for: known at their number, else a record of their own. */
  async representedCustomer(input: { name: string; phone?: string | null; email?: string | null }): Promise<Customer> {
    return this.deps.store.customerForRepresented(input);
  }

  /** A colleague holds the customer's written consent (a letter, a signed form) and records it with a note. */
  async recordWrittenConsent(partyId: string, actor: string, note: string): Promise<CaseParty> {
    if (note.trim() === '') throw new PolicyError('say where the written consent is (a note is required)');
    const party = await this.mustGetParty(partyId);
    const row = await this.mustGetCase(party.case_id);
    if (party.consent_status === 'confirmed')
      throw new PolicyError(`${party.name} is already confirmed on ${row.reference}`);
    await this.decide(row, party, {
      granted: true,
      by: actor,
      channelId: row.channel_id,
      conversationId: null,
      details: { givenBy: 'customer', how: 'in_writing', recordedBy: actor, note: note.trim() },
    });
    await this.tellRepresentative(row, party);
    return (await this.deps.store.getParty(party.id)) ?? party;
  }

  /**
   * The customer withdraws their consent (UK GDPR Art. 7(3): as easy as giving it): from now on
   * nothing about the case goes to the representative. `partyId` names one representative;
   * without it every representative on the case is withdrawn. The data protection work calls this.
   */
  async withdrawRepresentativeConsent(
    caseId: string,
    by: string,
    channel: ChannelId | 'staff',
    wording: string,
    partyId?: string,
  ): Promise<CaseParty[]> {
    const { store, pack } = this.deps;
    const row = await this.mustGetCase(caseId);
    const parties = (await store.listParties(caseId)).filter(
      (p) => (!partyId || p.id === partyId) && p.consent_status !== 'withdrawn',
    );
    if (parties.length === 0) throw new NotFoundError(`${row.reference} has no representative to withdraw`);
    for (const party of parties)
      await store.recordConsent({
        customerId: row.customer_id,
        caseId: row.id,
        conversationId: null,
        kind: 'representative',
        wordingVersion: pack.consentWording.withdrawal,
        granted: false,
        withdrawal: true,
        actor: by,
        channelId: channel,
        details: { partyId: party.id, representative: party.name, givenBy: 'customer', words: wording.slice(0, 500) },
      });
    const done = await markRepresentativesWithdrawn(store, caseId, {
      by,
      at: this.deps.now(),
      how: 'withdrawn',
      ...(partyId ? { partyId } : {}),
    });
    await this.deps.changed(row.id, 'representative_consent', `withdrawn-${done.map((p) => p.id).join('-')}`);
    return done;
  }

  async listParties(caseId: string): Promise<CaseParty[]> {
    return this.deps.store.listParties(caseId);
  }

  private async decide(
    row: Case,
    party: CaseParty,
    how: {
      granted: boolean;
      by: string;
      channelId: ChannelId;
      conversationId: string | null;
      details: Record<string, unknown>;
    },
  ): Promise<void> {
    const { store, pack } = this.deps;
    const at = this.deps.now();
    const status = how.granted ? 'confirmed' : 'declined';
    // The consent itself, append-only with its wording version (docs/rules/data-protection.md#consents).
    await store.recordConsent({
      customerId: row.customer_id,
      caseId: row.id,
      conversationId: how.conversationId,
      kind: 'representative',
      wordingVersion: pack.consentWording.representativeConsent,
      granted: how.granted,
      channelId: how.channelId,
      details: { ...how.details, partyId: party.id, representative: party.name, status },
    });
    await store.setPartyConsent(party.id, { status, by: how.by, at });
    await store.appendEvent(row.id, how.by, `representative_consent_${status}`, {
      partyId: party.id,
      name: party.name,
      how: how.details['how'],
    });
    await this.deps.changed(row.id, 'representative_consent', `${status}-${party.id}-${at.toISOString()}`);
  }

  /** Once the customer agrees, the representative hears that they may now be told about the case. */
  private async tellRepresentative(row: Case, party: CaseParty): Promise<void> {
    if (!party.conversation_id) return;
    const conversation = await this.deps.store.getConversation(party.conversation_id);
    if (!conversation || capabilitiesOf(conversation.channel_id).isPublic) return;
    const customer = row.customer_id ? await this.deps.store.getCustomer(row.customer_id) : undefined;
    const lang = conversation.locale ?? 'en';
    await this.deps.outbox.notify(conversation.id, {
      id: stableUuid(party.id, 'consent-confirmed'),
      text: this.deps.translator.t(lang, 'parties:consent.representativeTold', {
        name: customer?.name ?? '',
        reference: row.reference,
        context: capabilitiesOf(conversation.channel_id).wording,
      }),
      author: 'bot',
      caseId: row.id,
      locale: lang,
    });
  }

  /** Our SMS number: the one the representative wrote to, or TWILIO_FROM. */
  private async smsFromFor(party: CaseParty): Promise<string | undefined> {
    if (party.conversation_id) {
      const conversation = await this.deps.store.getConversation(party.conversation_id);
      if (conversation?.channel_id === 'sms') return conversation.our_address;
    }
    return this.deps.smsFrom;
  }

  private async mustGetParty(id: string): Promise<CaseParty> {
    const party = await this.deps.store.getParty(id);
    if (!party) throw new NotFoundError(`no representative ${id}`);
    return party;
  }

  private async mustGetCase(id: string): Promise<Case> {
    const row = await this.deps.store.getCase(id);
    if (!row) throw new NotFoundError(`no case ${id}`);
    return row;
  }
}

/**
 * The customer no longer agrees (withdrawn through the bot, by a colleague in Slack or with
 * `intake withdraw`): each representative on the case (or the one named) is marked so, with
 * an event on the case, and from then on the Outbox keeps anything about the case from them
 * (`withheldFromRepresentative`; docs/rules/data-protection.md#withdrawing-consent). The
 * consent row recording the withdrawal is the caller's.
 */
export async function markRepresentativesWithdrawn(
  store: Pick<PartyRepository, 'listParties' | 'setPartyConsent'> & Pick<CaseEventRepository, 'appendEvent'>,
  caseId: string,
  how: { by: string; at: Date; how: string; partyId?: string },
): Promise<CaseParty[]> {
  const done: CaseParty[] = [];
  for (const party of await store.listParties(caseId)) {
    if ((how.partyId && party.id !== how.partyId) || party.consent_status === 'withdrawn') continue;
    done.push(await store.setPartyConsent(party.id, { status: 'withdrawn', by: how.by, at: how.at }));
    await store.appendEvent(caseId, how.by, 'representative_consent_withdrawn', {
      partyId: party.id,
      name: party.name,
      how: how.how,
    });
  }
  return done;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffActions } from '../../src/cases/staff-actions.js';
import { Outbox } from '../../src/outbox.js';
import { backends } from '../helpers/db.js';
import { startHarness, type Harness } from '../dialogs/harness.js';
import { drive, talk, type Script } from './talk.js';

/** A caseworker at an MP's office writing for a constituent, by SMS, as they would type it. */
function caseworkerFor(tenant: string, tenantPhone: string): Script {
  return [
    [/formal complaint, or try to put it right/i, '1'],
    [/Privacy/i, 'yes'],
    [/put things right\?/i, 'Fix the window and tell her when someone is coming'],
    [/When did this start/i, '2'],
    [/Are you the tenant/i, '2'],
    [/full name of the person/i, tenant],
    // Named in the first message: offered back.
    [new RegExp(`contacting us for ${tenant}`, 'i'), 'yes'],
    [/what's your name/i, 'Tom Reed'],
    [/Is that right|Is your name/i, 'yes'],
    [/How are you connected/i, "caseworker at Jane Smith MP's office"],
    [/agreed to you acting/i, '1'],
    [/postcode or tenancy reference/i, 'M1 1AE'],
    [/How should we contact/i, '1'],
    [/phone number should we use/i, tenantPhone],
    [/particular format/i, '1'],
  ];
}

describe.each(backends)('a representative is a party of their own (%s)', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ backend });
  });
  afterAll(async () => {
    await h.close();
  });

  const caseworkerPhone = '+447700900111';
  const complaint = (name: string) =>
    `Hello I'm a caseworker at Jane Smith MP's office writing on behalf of my constituent ${name}, the repairs team have missed three appointments to fix her broken window and nobody tells her anything`;

  it('sends nothing about the case to the caseworker until the tenant replies YES, and stops again on withdrawal', async () => {
    const worker = h.customer('sms', caseworkerPhone);
    const said = await drive(worker, complaint('Mary Jones'), caseworkerFor('Mary Jones', '07700 900222'));
    expect(said.join('\n')).toContain(h.i18n.t('en', 'parties:consent.askedByText', { name: 'Mary Jones' }));
    const row = await h.store.getCaseByReference(worker.reference ?? '');
    if (!row?.conversation_id || !row.customer_id) throw new Error('no case');
    const workerConversation = row.conversation_id;

    // Mary is her own customer, reached on her own number; Tom's record is not renamed to hers.
    const mary = await h.store.getCustomer(row.customer_id);
    expect(mary).toMatchObject({
      name: 'Mary Jones',
      phone: '+447700900222',
      contact_method: 'sms',
      postcode: 'M1 1AE',
    });
    const tom = await h.store.findCustomerForConversation(workerConversation);
    expect(tom?.id).not.toBe(mary?.id);
    expect(tom?.name ?? null).not.toBe('Mary Jones');
    const [party] = await h.store.listParties(row.id);
    expect(party).toMatchObject({
      name: 'Tom Reed',
      organisation: "Jane Smith MP's office",
      phone: caseworkerPhone,
      conversation_id: workerConversation,
      consent_status: 'requested',
    });

    // Mary is asked on her own phone, in her language, with who is asking and about what.
    const maryConversation = party?.consent_conversation_id ?? '';
    const asked = (await h.store.listMessages(maryConversation)).filter((m) => m.direction === 'outbound');
    expect(asked.map((m) => m.text)).toEqual([
      h.i18n.t('en', 'parties:consent.request', {
        representative: "Tom Reed (Jane Smith MP's office)",
        reference: row.reference,
        context: 'sms',
      }),
    ]);

    // Every way news of the case leaves: a notice from the case rules goes to Mary, and anything
    // addressed to Tom's conversation about the case is kept, never queued.
    await h.cases.extendClock(
      row.id,
      'stage1_response',
      new Date('2026-12-30T12:00:00Z'),
      'waiting for a surveyor',
      'staff:U1',
    );
    const outbox = new Outbox(h.store, h.queues);
    const held = await outbox.say(workerConversation, { text: 'About your case…', author: 'staff:U1', caseId: row.id });
    expect(held.status).toBe('suppressed');
    const toTom = (await h.store.listMessages(workerConversation)).filter(
      (m) => m.direction === 'outbound' && m.case_id === row.id,
    );
    expect(toTom.every((m) => m.status === 'suppressed')).toBe(true);
    expect((await h.store.listMessages(maryConversation)).some((m) => m.text.includes('waiting for a surveyor'))).toBe(
      true,
    );
    expect(await h.queues.queues.outbound.getJob(`out-${held.id}`)).toBeUndefined();

    // A colleague cannot write to Tom about it either: refused before anything is stored.
    const staff = new StaffActions({ store: h.store, cases: h.cases, outbox, queues: h.queues, translator: h.i18n });
    await expect(
      staff.replyToCustomer({
        conversationId: workerConversation,
        caseId: row.id,
        colleague: { actor: 'staff:U1', firstName: 'Sam', team: 'complaints', lead: false },
        text: 'Hello Tom, about Mary…',
        key: 'k1',
      }),
    ).rejects.toThrow(/has not agreed/);

    // Mary replies as people do.
    const maryChat = h.customer('sms', '+447700900222');
    const thanks = await talk(maryChat, 'Yes thats fine');
    expect(thanks.at(-1)).toBe(
      h.i18n.t('en', 'parties:consent.thanksYes', { representative: 'Tom Reed', reference: row.reference }),
    );
    expect((await h.store.listParties(row.id))[0]?.consent_status).toBe('confirmed');
    const consent = (await h.store.currentConsents({ caseId: row.id })).find((k) => k.kind === 'representative');
    expect(consent).toMatchObject({
      granted: true,
      customer_id: mary?.id,
      details: expect.objectContaining({ givenBy: 'customer', how: 'reply', words: 'Yes thats fine' }),
    });

    // Now Tom may hear about it: he is told, and what is said to him is sent.
    const told = (await h.store.listMessages(workerConversation)).filter(
      (m) => m.direction === 'outbound' && m.case_id === row.id && m.status === 'queued',
    );
    expect(told.map((m) => m.text)).toContain(
      h.i18n.t('en', 'parties:consent.representativeTold', {
        name: 'Mary Jones',
        reference: row.reference,
        context: 'sms',
      }),
    );
    const sent = await outbox.say(workerConversation, { text: 'An update', author: 'staff:U1', caseId: row.id });
    expect(sent.status).toBe('queued');

    // Mary changes her mind: from then on nothing goes to Tom again.
    await h.cases.parties.withdrawRepresentativeConsent(
      row.id,
      'staff:U1',
      'sms',
      'Mary phoned to say Tom no longer acts for her',
    );
    const after = await outbox.say(workerConversation, { text: 'Another update', author: 'staff:U1', caseId: row.id });
    expect(after.status).toBe('suppressed');
    expect((await h.store.listParties(row.id))[0]?.consent_status).toBe('withdrawn');
    const withdrawn = (await h.store.currentConsents({ caseId: row.id })).find((k) => k.kind === 'representative');
    expect(withdrawn?.granted).toBe(false);
  });

  it('the tenant withdraws in her own words, by text: the caseworker is marked withdrawn and hears nothing more', async () => {
    const worker = h.customer('sms', '+447700900131');
    await drive(worker, complaint('Nina Patel'), caseworkerFor('Nina Patel', '07700 900232'));
    const row = await h.store.getCaseByReference(worker.reference ?? '');
    if (!row?.conversation_id) throw new Error('no case');
    const nina = h.customer('sms', '+447700900232');
    await talk(nina, 'yes ok');
    expect((await h.store.listParties(row.id))[0]?.consent_status).toBe('confirmed');

    const reply = await talk(nina, 'actually i withdraw my consent, i will deal with it myself');
    // Every consent she gave is withdrawn (she did not say which); she is told what each means.
    expect(reply.at(-1)).toContain(h.i18n.t('en', 'dataprot:withdraw.kinds.representative'));
    expect(reply.at(-1)).toContain(h.i18n.t('en', 'dataprot:withdraw.effects.representative'));
    const [party] = await h.store.listParties(row.id);
    expect(party).toMatchObject({ consent_status: 'withdrawn', consent_decided_by: 'customer' });
    const withdrawal = (await h.store.currentConsents({ caseId: row.id })).find((k) => k.kind === 'representative');
    expect(withdrawal).toMatchObject({ granted: false, withdrawal: true, actor: 'customer', channel_id: 'sms' });
    const outbox = new Outbox(h.store, h.queues);
    const after = await outbox.say(row.conversation_id, { text: 'An update', author: 'staff:U1', caseId: row.id });
    expect(after.status).toBe('suppressed');
    expect(await h.queues.queues.outbound.getJob(`out-${after.id}`)).toBeUndefined();
  });

  it('keeps two tenants with the same caseworker as two customers, and a "no" keeps the caseworker out', async () => {
    const worker = h.customer('sms', '+447700900444');
    await drive(worker, complaint('Ann Lee'), caseworkerFor('Ann Lee', '07700 900555'));
    const first = await h.store.getCaseByReference(worker.reference ?? '');
    await drive(worker, complaint('Bob Khan'), caseworkerFor('Bob Khan', '07700 900666'));
    const second = await h.store.getCaseByReference(worker.reference ?? '');
    if (!first?.customer_id || !second?.customer_id) throw new Error('no cases');
    expect(second.id).not.toBe(first.id);
    expect(second.customer_id).not.toBe(first.customer_id);
    expect((await h.store.getCustomer(first.customer_id))?.name).toBe('Ann Lee');
    expect((await h.store.getCustomer(second.customer_id))?.name).toBe('Bob Khan');
    const writer = await h.store.findCustomerForConversation(first.conversation_id ?? '');
    expect([first.customer_id, second.customer_id]).not.toContain(writer?.id);

    const bob = h.customer('sms', '+447700900666');
    const reply = await talk(bob, 'no i dont know him');
    expect(reply.at(-1)).toBe(
      h.i18n.t('en', 'parties:consent.thanksNo', { representative: 'Tom Reed', reference: second.reference }),
    );
    expect((await h.store.listParties(second.id))[0]?.consent_status).toBe('declined');
    const outbox = new Outbox(h.store, h.queues);
    const held = await outbox.say(second.conversation_id ?? '', { text: 'x', author: 'bot', caseId: second.id });
    expect(held.status).toBe('suppressed');
  });

  it("never takes the writer's own number as the customer's", async () => {
    const worker = h.customer('sms', '+447700900777');
    await drive(worker, complaint('Eve Hart'), caseworkerFor('Eve Hart', '07700 900777'));
    const row = await h.store.getCaseByReference(worker.reference ?? '');
    const eve = await h.store.getCustomer(row?.customer_id ?? '');
    const writer = await h.store.findCustomerForConversation(row?.conversation_id ?? '');
    expect(eve).toMatchObject({ name: 'Eve Hart', phone: null });
    expect(writer?.id).not.toBe(eve?.id);
    expect((await h.store.listParties(row?.id ?? ''))[0]?.consent_status).toBe('to_confirm');
  });

  it("records a colleague's note of the customer's written consent when there is no number to ask", async () => {
    const opened = await h.cases.openCase({
      kind: 'formal_complaint',
      customerId: null,
      conversationId: null,
      channelId: 'directline',
      customerWords: 'Written for my dad, the heating keeps failing',
      party: { name: 'Sam Green', relationship: 'son', consent: 'ask' },
    });
    const [party] = await h.store.listParties(opened.case.id);
    expect(party?.consent_status).toBe('to_confirm');
    const events = await h.store.listEvents(opened.case.id);
    expect(events.map((e) => e.type)).toContain('representative_consent_unreachable');
    await expect(h.cases.parties.recordWrittenConsent(party?.id ?? '', 'staff:U2', '  ')).rejects.toThrow(/note/);
    const confirmed = await h.cases.parties.recordWrittenConsent(
      party?.id ?? '',
      'staff:U2',
      'Signed authority form from Mr Green, scanned to the file on 30 Nov',
    );
    expect(confirmed).toMatchObject({ consent_status: 'confirmed', consent_decided_by: 'staff:U2' });
    const consent = (await h.store.currentConsents({ caseId: opened.case.id })).find(
      (k) => k.kind === 'representative',
    );
    expect(consent).toMatchObject({
      granted: true,
      details: expect.objectContaining({ how: 'in_writing', recordedBy: 'staff:U2' }),
    });
  });
});

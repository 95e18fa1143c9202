import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintOffer, contactMethods, formats, startedWhen, whoFor, yesNo } from '../../dialogs/choice-sets.js';
import { changeNote } from '../../channels/slack/change-notes.js';
import { runDataCommand } from '../../src/data-protection/cli.js';
import { consentsInForce } from '../../src/data-protection/withdrawal.js';
import type { SubjectAccessExport } from '../../src/data-protection/subject-access-export.js';
import { PrivacyNoticeRepository } from '../../src/db/privacy-notices.js';
import { backends } from '../helpers/db.js';
import { startHarness, type Harness } from '../dialogs/harness.js';

const noShow =
  "The repair man didn't turn up again, that's the third time this month and I took the day off work for nothing";

/** Run `intake sar` in process against the harness's database; returns the parsed JSON. */
async function sar(h: Harness, args: string[]): Promise<SubjectAccessExport> {
  let out = '';
  const code = await runDataCommand('sar', args, {
    db: h.db,
    pack: h.cases.pack,
    out: { write: (t: string) => (out += t) },
    err: { write: () => true },
    now: () => h.clock.now,
    actor: 'test:dpo',
  });
  expect(code).toBe(0);
  return JSON.parse(out) as SubjectAccessExport;
}

describe.each(backends)('data protection through the bot (%s)', (backend) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ backend });
  }, 180_000);
  afterAll(async () => {
    await h.close();
  });

  it('a customer who says no to the privacy notice is told it is not a gate, and can still complain', async () => {
    const c = h.customer('sms');
    const topic = c.word('topics.repairs');
    await c.adapter
      .send(noShow)
      .assertReply(c.says('start.greeting'))
      .assertReply(c.asks('triage.offer', { count: 2, topic }, complaintOffer))
      .send('1')
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('no')
      .assertReply(c.asks('dataprot:notice.declined', {}, yesNo))
      .send('yes')
      .assertReply(c.says('details.outcome'))
      .send('An apology')
      .assertReply(c.asks('details.started', {}, startedWhen))
      .send('1')
      .assertReply(c.asks('details.who', {}, whoFor))
      .send('1')
      .assertReply(c.says('details.name'))
      .send('Jane Smith')
      .assertReply(c.says('details.home'))
      .send('sw1a1aa')
      .assertReply(c.asks('prefs.contact', {}, contactMethods))
      .send('text')
      .assertReply(c.asks('prefs.format', {}, formats))
      .send('1')
      .assertReply(c.capture())
      .assertReply(c.capture())
      .assertReply(c.capture());
    expect(c.reference).toMatch(/^CMP-2026-\d{6}$/);
    const row = await h.store.getCaseByReference(c.reference ?? '');
    expect(row?.kind).toBe('formal_complaint');
    // Told, not asked for consent: the notice is a record of its own, with both answers, and no consent row.
    const notices = await new PrivacyNoticeRepository(h.db).listPrivacyNotices(row?.customer_id ?? '', [
      await c.conversationId(),
    ]);
    expect(notices.map((n) => [n.response, n.purpose, n.lawful_basis, n.wording_version])).toEqual([
      ['declined', 'complaint_handling', 'legal_obligation', 'privacy-notice/2026-12.1'],
      ['went_ahead', 'complaint_handling', 'legal_obligation', 'privacy-notice/2026-12.1'],
    ]);
    expect((await h.store.listConsents(row?.customer_id ?? '')).map((x) => x.kind)).not.toContain('data_protection');
  });

  it('a customer who says no twice has nothing logged, and is told truthfully what is kept', async () => {
    const c = h.customer('directline');
    const topic = c.word('topics.repairs');
    await c.adapter
      .send(noShow)
      .assertReply(c.says('start.greeting'))
      .assertReply(c.asks('triage.offer', { count: 2, topic }, complaintOffer))
      .send('formal complaint')
      .assertReply(c.asks('consent.notice', {}, yesNo))
      .send('no')
      .assertReply(c.asks('dataprot:notice.declined', {}, yesNo))
      .send('no')
      .assertReply(c.says('dataprot:notice.stopped', { months: 6 }));
    expect(await h.store.listCasesForConversation(await c.conversationId())).toEqual([]);
  });

  it('"send me a copy of all the information you hold about me" opens a subject access case due one calendar month later, and the export has this customer\'s messages only', async () => {
    // Another customer first, whose words must never appear in this one's export.
    const other = h.customer('sms');
    await other.adapter
      .send('What are your opening hours?')
      .assertReply(other.says('start.greeting'))
      .assertReply(other.capture())
      .assertReply(other.capture());

    const c = h.customer('sms');
    await c.adapter
      .send('Send me a copy of all the information you hold about me')
      .assertReply(c.says('start.greeting'))
      .assertReply(c.says('dataprot:access.opened', { reference: 'SAR-2026-000001', date: 'Wednesday 30 December' }))
      // Nothing on record says who they are or where a copy can go: a text is no place for it.
      .assertReply(c.asks('dataprot:contact.name', {}, [{ value: 'skip', key: 'dataprot:contact.skip' }]))
      .send('skip')
      .assertReply(c.says('dataprot:contact.skipped'));
    const row = await h.store.getCaseByReference('SAR-2026-000001');
    expect(row).toMatchObject({ kind: 'subject_access', status: 'open', team: 'Data Protection' });
    const clock = (await h.store.listClocks(row?.id ?? ''))[0];
    // Monday 30 November 2026 + one calendar month = Wednesday 30 December, end of the London day.
    expect(clock?.name).toBe('rights_response');
    expect(new Date(clock?.due_at ?? 0).toISOString()).toBe('2026-12-30T23:59:59.999Z');
    expect(clock?.basis).toContain('Art. 12(3)');

    // Asked about later, it reads as what it is, with the one-month date.
    await c.adapter
      .send('status SAR-2026-000001')
      .assertReply(
        c.says('status.summary', {
          reference: 'SAR-2026-000001',
          what: c.word('dataprot:kind.subject_access'),
          stage: c.word('status.stage.none'),
          state: c.word('status.state.open'),
        }),
      )
      .assertReply(
        c.says('status.next', { what: c.word('dataprot:clocks.rights_response'), date: 'Wednesday 30 December' }),
      );

    const doc = await sar(h, ['--phone', c.from]);
    const texts = doc.messages.map((m) => m.text);
    expect(texts).toContain('Send me a copy of all the information you hold about me');
    expect(texts.some((t) => t.includes('opening hours'))).toBe(false);
    expect(doc.cases.map((x) => x.reference)).toEqual(['SAR-2026-000001']);
    expect(JSON.stringify(doc)).not.toContain(other.from);
    // The export is on the request's own trail.
    expect((await h.store.listEvents(row?.id ?? '')).map((e) => e.type)).toContain('subject_access_exported');
  });

  it('in web chat, someone unknown is asked their name and where to send the reply; the team sees both, and when they came', async () => {
    const c = h.customer('directline');
    const skip = [{ value: 'skip', key: 'dataprot:contact.skip' }];
    await c.adapter
      .send('hi can i get a copy of everything you hold about me')
      .assertReply(c.says('start.greeting'))
      .assertReply(c.capture())
      .assertReply(c.asks('dataprot:contact.name', {}, skip))
      .send('its Sarah Jones')
      .assertReply(c.asks('dataprot:contact.where', {}, skip))
      .send('you can post it, 22 Park Lane, Leicester LE2 1AB')
      .assertReply(c.says('dataprot:contact.thanks'));
    const [request] = await h.store.listCasesForConversation(await c.conversationId(), false);
    expect(request?.kind).toBe('subject_access');
    const customer = await h.store.getCustomer(request?.customer_id ?? '');
    expect(customer).toMatchObject({
      name: 'Sarah Jones',
      address: '22 Park Lane, Leicester LE2 1AB',
      postcode: 'LE2 1AB',
    });
    const given = (await h.store.listEvents(request?.id ?? '')).find((e) => e.type === 'rights_contact_given');
    // The thread is told what came, not the details (the card shows those).
    expect(given?.data).toEqual({ given: ['name', 'address'] });
    expect(JSON.stringify(given?.data)).not.toContain('Sarah');
    const note = await changeNote(h.store, request?.id ?? '', 'rights_contact');
    expect(note).toBe(
      ':id: The customer gave their name and a postal address for checking who they are and for the reply: see the card.',
    );
  });

  it('an email that is not one is asked for again, once; "no" to the name is a skip, not a name; a repair there is a new matter', async () => {
    const c = h.customer('directline');
    const skip = [{ value: 'skip', key: 'dataprot:contact.skip' }];
    await c.adapter
      .send('please delete all my data')
      .assertReply(c.says('start.greeting'))
      .assertReply(c.capture())
      .assertReply(c.asks('dataprot:contact.name', {}, skip))
      .send('no')
      .assertReply(c.says('dataprot:contact.skipped'));
    const d = h.customer('directline');
    await d.adapter
      .send('send me a copy of my data')
      .assertReply(d.says('start.greeting'))
      .assertReply(d.capture())
      .assertReply(d.asks('dataprot:contact.name', {}, skip))
      .send('Tom Baker')
      .assertReply(d.asks('dataprot:contact.where', {}, skip))
      .send('email pls')
      .assertReply(d.asksAgain('ask.retry.emailOrPostcode', 'dataprot:contact.where', {}, skip))
      .send('tom.baker@example.com')
      .assertReply(d.says('dataprot:contact.thanks'));
    const [request] = await h.store.listCasesForConversation(await d.conversationId(), false);
    expect(await h.store.getCustomer(request?.customer_id ?? '')).toMatchObject({
      name: 'Tom Baker',
      email: 'tom.baker@example.com',
    });
    const e = h.customer('directline');
    await e.adapter
      .send('can i get a copy of everything you hold about me')
      .assertReply(e.says('start.greeting'))
      .assertReply(e.capture())
      .assertReply(e.asks('dataprot:contact.name', {}, skip))
      .send('also my boiler is broken and theres no hot water')
      .assertReply(e.says('interrupt.newMatter'));
  });

  it('"withdraw my consent" with a health consent in force withdraws it, records how, and acts on it', async () => {
    const c = h.customer('directline');
    await c.adapter.send('hello').assertReply(c.says('start.greeting')).assertReply(c.capture());
    const conversationId = await c.conversationId();
    const customer = await h.store.ensureCustomer(conversationId);
    await h.store.updateCustomer(customer.id, { vulnerable: true });
    await h.store.recordConsent({
      customerId: customer.id,
      conversationId,
      kind: 'health_details',
      wordingVersion: 'health-details/2026-12.1',
      granted: true,
      channelId: 'directline',
    });
    const what = c.text('dataprot:withdraw.kinds.health_details');
    const effects = c.text('dataprot:withdraw.effects.health_details');
    await c.adapter.send('I withdraw my consent').assertReply(c.says('dataprot:withdraw.done', { what, effects }));
    const consents = await h.store.listConsents(customer.id);
    const last = consents.at(-1);
    expect(last).toMatchObject({
      kind: 'health_details',
      granted: false,
      withdrawal: true,
      actor: 'customer',
      channel_id: 'directline',
      wording_version: 'withdrawal/2026-12.1',
    });
    expect((await h.store.getCustomer(customer.id))?.vulnerable).toBeNull();
    // Nothing left to withdraw: said so, truthfully.
    await c.adapter.send('withdraw my consent').assertReply(c.says('dataprot:withdraw.none'));
  });

  it('a withdrawal that names one consent withdraws only that one; the others stay, and the customer is told so', async () => {
    const c = h.customer('directline');
    await c.adapter.send('hi').assertReply(c.says('start.greeting')).assertReply(c.capture());
    const conversationId = await c.conversationId();
    const customer = await h.store.ensureCustomer(conversationId);
    await h.store.updateCustomer(customer.id, { vulnerable: true });
    for (const [kind, wordingVersion] of [
      ['health_details', 'health-details/2026-12.1'],
      ['representative', 'representative/2026-12.1'],
    ] as const)
      await h.store.recordConsent({
        customerId: customer.id,
        conversationId,
        kind,
        wordingVersion,
        granted: true,
        channelId: 'directline',
      });
    const kind = (k: string) => c.text(`dataprot:withdraw.kinds.${k}`);
    const effects = (k: string) => c.text(`dataprot:withdraw.effects.${k}`);
    const inForce = async () =>
      (await consentsInForce(h.db, { customerId: customer.id, conversationId })).map((x) => x.kind).sort();

    await c.adapter
      .send("please take back my permission for my MP to deal with this, i'll sort it out myself now")
      .assertReply(
        c.says('dataprot:withdraw.done', { what: kind('representative'), effects: effects('representative') }),
      );
    expect(await inForce()).toEqual(['health_details']);
    expect((await h.store.getCustomer(customer.id))?.vulnerable).toBe(true);

    // Named again, or another that was never given: nothing changes, and the health consent stays.
    await c.adapter
      .send('I withdraw consent for my councillor')
      .assertReply(c.says('dataprot:withdraw.notInForce', { what: kind('representative') }));
    expect(await inForce()).toEqual(['health_details']);

    // Naming none withdraws what is left.
    await c.adapter
      .send('withdraw my consent')
      .assertReply(
        c.says('dataprot:withdraw.done', { what: kind('health_details'), effects: effects('health_details') }),
      );
    expect(await inForce()).toEqual([]);
    expect((await h.store.getCustomer(customer.id))?.vulnerable).toBeNull();
    await c.adapter.send('withdraw consent for my health details').assertReply(c.says('dataprot:withdraw.none'));
  });

  it('"wycofuję zgodę" in Polish is a withdrawal too', async () => {
    const c = h.customer('directline');
    c.lang = 'pl';
    const said: string[] = [];
    const keep = (a: { text?: string }) => void said.push(a.text ?? '');
    await c.adapter
      .send('Wycofuję zgodę na przetwarzanie moich danych')
      .assertReply(keep)
      .assertReply(keep)
      .assertReply(keep);
    // Written in Polish, answered in Polish.
    expect(said.at(-1)).toBe(c.text('dataprot:withdraw.none'));
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backends } from '../helpers/db.js';
import { firstAlertOf } from '../helpers/sla.js';
import { monday, startDeliveryWorld, type DeliveryWorld } from '../delivery/world.js';

/** The end of a London day in winter (GMT): when a working-day clock falls due. */
const endOf = (date: string) => new Date(`${date}T23:59:59.999Z`);

describe.each(backends)('the nation from the postcode drives the case, on %s (docs/rules/nations.md)', (backend) => {
  let w: DeliveryWorld;
  beforeAll(async () => {
    w = await startDeliveryWorld(backend);
  }, 120_000);
  afterAll(async () => {
    await w?.close();
  });
  beforeEach(() => {
    w.clock.now = monday;
  });

  async function dampComplaint(postcode: string | undefined) {
    const who = await w.customer(postcode ? { postcode } : {});
    const caseId = await w.open(who, { flags: ['damp_mould'] });
    const clocks = await w.store.listClocks(caseId);
    const customer = await w.store.getCustomer(who.customerId);
    return { ...who, caseId, clocks, customer };
  }

  async function letterHtml(caseId: string): Promise<string> {
    const [document] = await w.documents.documents.listDocumentsForCase(caseId);
    if (!document) throw new Error('no letter');
    return w.documents.html(document).html;
  }

  it('a Scottish postcode: no Awaab’s Law clock, Scottish bank holidays, and the SPSO named', async () => {
    const c = await dampComplaint('EH1 1YZ');
    expect(c.customer).toMatchObject({
      country: 'scotland',
      uk_division: 'scotland',
      division_basis: 'postcode area EH',
    });
    expect(c.clocks.map((k) => k.name).filter((n) => n.startsWith('awaab'))).toEqual([]);
    // Monday 30 November is St Andrew's Day: in Scotland the count starts on Tuesday.
    expect(new Date(c.clocks.find((k) => k.name === 'stage1_ack')!.due_at)).toEqual(endOf('2026-12-08'));
    const html = await letterHtml(c.caseId);
    expect(html).toContain('Scottish Public Services Ombudsman');
    expect(html).toContain('0800 377 7330');
    expect(html).not.toContain('Housing Ombudsman');

    // The extension notice names the SPSO too.
    const response = c.clocks.find((k) => k.name === 'stage1_response')!;
    await w.cases.extendClock(
      c.caseId,
      'stage1_response',
      new Date(new Date(response.due_at).getTime() + 2 * 86_400_000),
      'we are waiting for a surveyor',
      'staff:U1',
    );
    const said = (await w.store.listMessages(c.conversationId)).filter((m) => m.direction === 'outbound');
    const notice = said.find((m) => m.text.includes('more time'));
    expect(notice?.text).toContain('Scottish Public Services Ombudsman');
    expect(notice?.text).toContain('0800 377 7330');
  });

  it('an English postcode keeps Awaab’s Law, England and Wales bank holidays and the Housing Ombudsman', async () => {
    const c = await dampComplaint('M1 1AE');
    expect(c.customer).toMatchObject({ country: 'england', uk_division: 'england-and-wales' });
    expect(c.clocks.map((k) => k.name)).toContain('awaab_investigation');
    expect(new Date(c.clocks.find((k) => k.name === 'stage1_ack')!.due_at)).toEqual(endOf('2026-12-07'));
    expect(await letterHtml(c.caseId)).toContain('Housing Ombudsman');
  });

  it('a Welsh postcode: no Awaab’s Law clock (the law is England’s) and the Public Services Ombudsman for Wales', async () => {
    const c = await dampComplaint('CF10 1AA');
    expect(c.customer).toMatchObject({ country: 'wales', uk_division: 'england-and-wales' });
    expect(c.clocks.map((k) => k.name).filter((n) => n.startsWith('awaab'))).toEqual([]);
    const html = await letterHtml(c.caseId);
    expect(html).toContain('Public Services Ombudsman for Wales');
    expect(html).toContain('0300 790 0203');
  });

  it('a BT postcode: Northern Ireland bank holidays and NIPSO', async () => {
    // Tuesday 16 March 2027: St Patrick's Day, the next day, is a bank holiday in Northern Ireland only.
    w.clock.now = new Date('2027-03-16T10:00:00Z');
    const c = await dampComplaint('BT1 5GS');
    expect(c.customer).toMatchObject({ country: 'northern_ireland', uk_division: 'northern-ireland' });
    expect(c.clocks.map((k) => k.name).filter((n) => n.startsWith('awaab'))).toEqual([]);
    expect(new Date(c.clocks.find((k) => k.name === 'stage1_ack')!.due_at)).toEqual(endOf('2027-03-24'));
    expect(await letterHtml(c.caseId)).toContain('Northern Ireland Public Services Ombudsman');
  });

  it('a district that straddles the border asks a colleague: the case is flagged and the audit says why', async () => {
    const c = await dampComplaint('SY22 6AB');
    expect(c.customer).toMatchObject({ country: null, uk_division: 'england-and-wales' });
    expect(c.customer?.division_basis).toBe('SY22 straddles a border: to confirm');
    const row = await w.store.getCase(c.caseId);
    expect(row?.flags).toContain('nation_to_confirm');
    const event = (await w.store.listEvents(c.caseId)).find((e) => e.type === 'nation_to_confirm');
    expect(event?.data).toMatchObject({ candidates: ['wales', 'england'] });

    // A colleague looks the address up; their answer stands for the next case while the postcode does.
    await w.nations.confirm(c.customerId, 'wales', 'staff:U2');
    const again = await w.open({ ...c, messageId: (await w.customer()).messageId }, { flags: ['damp_mould'] });
    expect((await w.store.getCase(again))?.flags).not.toContain('nation_to_confirm');
    expect((await w.store.listClocks(again)).map((k) => k.name).filter((n) => n.startsWith('awaab'))).toEqual([]);
    expect((await w.store.getCustomer(c.customerId))?.division_basis).toBe('confirmed by staff:U2 (SY22 6AB)');
  });

  it('once a colleague confirms a split district, the clocks follow: Wales cancels Awaab’s Law, Scotland moves the dates', async () => {
    const welsh = await dampComplaint('SY22 6AB');
    // Unknown nation in the England and Wales division: Awaab's Law is kept until someone knows better.
    expect(welsh.clocks.map((k) => k.name)).toContain('awaab_investigation');
    await w.cases.confirmNation(welsh.caseId, 'wales', 'staff:U2');
    const after = await w.store.listClocks(welsh.caseId);
    expect(after.filter((k) => k.name.startsWith('awaab')).map((k) => k.status)).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    // The complaint's own clocks are not the law's: untouched.
    expect(after.find((k) => k.name === 'stage1_response')).toEqual(
      welsh.clocks.find((k) => k.name === 'stage1_response'),
    );
    const investigation = welsh.clocks.find((k) => k.name === 'awaab_investigation')!;
    expect(await firstAlertOf(w.queues, welsh.caseId, 'awaab_investigation', investigation.due_at)).toBeUndefined();
    const confirmed = (await w.store.listEvents(welsh.caseId)).find((e) => e.type === 'nation_confirmed');
    expect(confirmed?.data).toMatchObject({
      country: 'wales',
      clocksCancelled: ['awaab_investigation', 'awaab_summary', 'awaab_safety_work'],
    });

    // A first-time fix from a Berwick district, counted from receipt while the nation is unknown.
    const who = await w.customer({ postcode: 'TD15 1AB' });
    const fix = await w.open(who, { kind: 'first_time_fix', flags: ['damp_mould'] });
    const before = (await w.store.listClocks(fix)).find((k) => k.name === 'ftf_resolve')!;
    await w.cases.confirmNation(fix, 'scotland', 'staff:U2');
    const scottish = await w.store.listClocks(fix);
    // St Andrew's Day (Monday 30 November) is a Scottish bank holiday: the count starts a day later.
    const resolve = scottish.find((k) => k.name === 'ftf_resolve')!;
    expect(resolve.status).toBe('running');
    expect(new Date(resolve.due_at).getTime() - new Date(before.due_at).getTime()).toBe(86_400_000);
    expect(await firstAlertOf(w.queues, fix, 'ftf_resolve', resolve.due_at)).toBeDefined();
    expect(await firstAlertOf(w.queues, fix, 'ftf_resolve', before.due_at)).toBeUndefined();
    expect(scottish.filter((k) => k.name.startsWith('awaab')).every((k) => k.status === 'cancelled')).toBe(true);
    // An acknowledged complaint's dates were told to the customer: they stay.
    const acknowledged = await dampComplaint('TD15 1AB');
    await w.cases.confirmNation(acknowledged.caseId, 'scotland', 'staff:U2');
    const kept = await w.store.listClocks(acknowledged.caseId);
    for (const name of ['stage1_ack', 'stage1_response'])
      expect(kept.find((k) => k.name === name)?.due_at).toEqual(
        acknowledged.clocks.find((k) => k.name === name)?.due_at,
      );
  });
});

describe('UK_DIVISION is the default for customers without a postcode', () => {
  it('a Scottish landlord’s customer with no postcode gets Scottish bank holidays and the SPSO', async () => {
    const w = await startDeliveryWorld('pglite', { defaultDivision: 'scotland' });
    try {
      const who = await w.customer();
      const caseId = await w.open(who, { flags: ['damp_mould'] });
      expect(await w.store.getCustomer(who.customerId)).toMatchObject({ country: 'scotland', uk_division: 'scotland' });
      const clocks = await w.store.listClocks(caseId);
      expect(clocks.map((k) => k.name).filter((n) => n.startsWith('awaab'))).toEqual([]);
      expect(new Date(clocks.find((k) => k.name === 'stage1_ack')!.due_at)).toEqual(endOf('2026-12-08'));

      // A Berwick district a colleague confirms is in England: Awaab's Law starts from the report.
      const berwick = await w.customer({ postcode: 'TD15 1AB' });
      const split = await w.open(berwick, { flags: ['damp_mould'] });
      expect((await w.store.listClocks(split)).map((k) => k.name).filter((n) => n.startsWith('awaab'))).toEqual([]);
      await w.cases.confirmNation(split, 'england', 'staff:U3');
      const english = await w.store.listClocks(split);
      expect(english.filter((k) => k.name.startsWith('awaab')).map((k) => [k.name, k.status])).toEqual([
        ['awaab_investigation', 'running'],
        ['awaab_summary', 'running'],
        ['awaab_safety_work', 'running'],
      ]);
      const investigation = english.find((k) => k.name === 'awaab_investigation')!;
      expect(await firstAlertOf(w.queues, split, 'awaab_investigation', investigation.due_at)).toBeDefined();
    } finally {
      await w.close();
    }
  }, 120_000);
});

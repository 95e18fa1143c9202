import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { backends } from '../helpers/db.js';
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
    } finally {
      await w.close();
    }
  }, 120_000);
});

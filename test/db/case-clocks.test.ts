import { describe, expect, it } from 'vitest';
import { backends } from '../helpers/db.js';
import { inbound, useRepositories, type Repositories } from './fixtures.js';

async function openCase(r: Repositories, providerId: string) {
  const { conversationId } = await r.messages.recordInbound(inbound(providerId));
  return r.cases.createCase({
    kind: 'formal_complaint',
    stage: 'stage1',
    policyPack: 'code-2024',
    customerId: null,
    conversationId,
    channelId: 'sms',
    customerWords: 'nobody came',
    receivedAt: new Date('2026-11-20T10:00:00Z'),
    clocks: [
      { name: 'stage1_ack', dueAt: new Date('2026-11-27T23:59:59Z'), remindAt: null, basis: '5 working days' },
      { name: 'stage1_response', dueAt: new Date('2026-12-18T23:59:59Z'), remindAt: null, basis: '10 working days' },
    ],
    actor: 'bot',
  });
}

describe.each(backends)('CaseClockRepository and CaseEventRepository on %s', (backend) => {
  const r = useRepositories(backend);

  it('extends, meets and misses a clock once each, auditing every change', async () => {
    const row = await openCase(r, 'SM-clock-1');
    const extended = await r.clocks.extendClock(
      row.id,
      'stage1_response',
      new Date('2026-12-31T23:59:59Z'),
      5,
      'survey booked',
      'staff:U1',
    );
    expect(extended).toMatchObject({ extended_working_days: 5, extension_reason: 'survey booked' });
    expect(extended.original_due_at.toISOString()).toBe('2026-12-18T23:59:59.000Z');
    expect(
      await r.clocks.setClockStatus(row.id, 'stage1_ack', 'met', new Date('2026-11-21T09:00:00Z'), 'staff:U1'),
    ).toBe(true);
    expect(
      await r.clocks.setClockStatus(row.id, 'stage1_ack', 'breached', new Date('2026-11-28T00:00:00Z'), 'sla'),
    ).toBe(false);
    await expect(r.clocks.extendClock(row.id, 'no_such_clock', new Date(), 1, 'x', 'staff:U1')).rejects.toThrow(
      /no clock no_such_clock/,
    );
    expect((await r.events.listEvents(row.id)).map((e) => e.type)).toEqual([
      'case_created',
      'clock_extended',
      'clock_met',
    ]);
  });

  it('replaces running clocks and lists open cases by their soonest running clock', async () => {
    const row = await openCase(r, 'SM-clock-2');
    await r.clocks.replaceClocks(
      row.id,
      [{ name: 'stage2_response', dueAt: new Date('2027-01-29T23:59:59Z'), remindAt: null, basis: '20 working days' }],
      'staff:U2',
      'stage 2',
    );
    const clocks = await r.clocks.listClocks(row.id);
    expect(clocks.filter((c) => c.status === 'running').map((c) => c.name)).toEqual(['stage2_response']);
    expect(
      clocks
        .filter((c) => c.status === 'cancelled')
        .map((c) => c.name)
        .sort(),
    ).toEqual(['stage1_ack', 'stage1_response']);
    const due = await r.clocks.listOpenCasesDueBy(new Date('2027-02-01T00:00:00Z'));
    expect(due.find((d) => d.case.id === row.id)?.clock.name).toBe('stage2_response');
    expect(due.some((d) => d.case.id === row.id && d.clock.status !== 'running')).toBe(false);
  });

  it('keeps an event from a delivery that may repeat once per case and key', async () => {
    const row = await openCase(r, 'SM-event-1');
    expect(await r.events.appendEventOnce(row.id, 'slack:Ev1', 'staff:U1', 'note', { text: 'called them' })).toBe(true);
    expect(await r.events.appendEventOnce(row.id, 'slack:Ev1', 'staff:U1', 'note', { text: 'called them' })).toBe(
      false,
    );
    await r.events.appendEvent(row.id, 'staff:U1', 'note', { text: 'again' });
    expect((await r.events.listEvents(row.id)).filter((e) => e.type === 'note').map((e) => e.key)).toEqual([
      'slack:Ev1',
      null,
    ]);
  });
});

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RemedyRepository } from '../../src/db/remedies.js';
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

describe.each(backends)('case_remedies and met clocks on %s', (backend) => {
  const r = useRepositories(backend);

  it('keeps a remedy once per id, with its amount, and marks it paid once; the table refuses other kinds', async () => {
    const row = await openCase(r, 'SM-remedy-1');
    const remedies = new RemedyRepository(r.db);
    const id = randomUUID();
    const at = new Date('2026-11-25T10:00:00Z');
    const input = {
      id,
      caseId: row.id,
      kind: 'compensation' as const,
      amountPence: 5000,
      note: 'x',
      actor: 'staff:U1',
      at,
    };
    const first = await remedies.recordRemedy(input);
    expect(await remedies.recordRemedy({ ...input, amountPence: 9999 })).toEqual(first);
    expect(first).toMatchObject({ kind: 'compensation', amount_pence: 5000, paid_at: null, recorded_by: 'staff:U1' });
    const paid = await remedies.markRemedyPaid(id, 'staff:U2', new Date('2026-11-26T10:00:00Z'));
    expect(paid.paid_at).toEqual(new Date('2026-11-26T10:00:00Z'));
    await expect(remedies.markRemedyPaid(id, 'staff:U2', new Date())).rejects.toThrow(/already marked paid/);
    await expect(
      r.db.query(
        `insert into case_remedies (id, case_id, kind, note, recorded_by) values ($1, $2, 'voucher', '', 'x')`,
        [randomUUID(), row.id],
      ),
    ).rejects.toThrow();
    await expect(
      r.db.query(
        `insert into case_remedies (id, case_id, kind, amount_pence, note, recorded_by) values ($1, $2, 'compensation', -1, '', 'x')`,
        [randomUUID(), row.id],
      ),
    ).rejects.toThrow();
    expect((await r.events.listEvents(row.id)).map((e) => e.type)).toEqual([
      'case_created',
      'remedy_recorded',
      'remedy_paid',
    ]);
  });

  it('meets a running or breached clock once, keeping breached_at; restarts only running clocks', async () => {
    const row = await openCase(r, 'SM-remedy-2');
    await r.clocks.setClockStatus(row.id, 'stage1_ack', 'breached', new Date('2026-11-28T00:00:00Z'), 'system');
    const met = await r.clocks.meetClock(row.id, 'stage1_ack', new Date('2026-11-30T09:00:00Z'), 'staff:U1');
    expect(met).toMatchObject({ status: 'met', breached_at: new Date('2026-11-28T00:00:00Z') });
    expect(await r.clocks.meetClock(row.id, 'stage1_ack', new Date(), 'staff:U1')).toBeUndefined();
    const restarted = await r.clocks.restartClocks(
      row.id,
      [
        { name: 'stage1_ack', dueAt: new Date('2026-12-31T23:59:59Z'), remindAt: null, basis: 'x' },
        { name: 'stage1_response', dueAt: new Date('2026-12-14T23:59:59Z'), remindAt: null, basis: 'from ack' },
      ],
      'staff:U1',
      'acknowledged',
    );
    expect(restarted.map((c) => c.name)).toEqual(['stage1_response']);
    const clocks = await r.clocks.listClocks(row.id);
    expect(clocks.find((c) => c.name === 'stage1_ack')).toMatchObject({ status: 'met' });
    expect(clocks.find((c) => c.name === 'stage1_response')).toMatchObject({
      status: 'running',
      due_at: new Date('2026-12-14T23:59:59Z'),
    });
    const metEvent = (await r.events.listEvents(row.id)).find((e) => e.type === 'clock_met');
    expect(metEvent?.data).toMatchObject({
      clock: 'stage1_ack',
      onTime: false,
      breachedAt: '2026-11-28T00:00:00.000Z',
    });
  });
});

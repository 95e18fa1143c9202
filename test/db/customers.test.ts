import { describe, expect, it } from 'vitest';
import { backends } from '../helpers/db.js';
import { inbound, useRepositories } from './fixtures.js';

describe.each(backends)('CustomerRepository on %s', (backend) => {
  const r = useRepositories(backend);

  it('records consents append-only and reports the current state of each', async () => {
    const { conversationId } = await r.messages.recordInbound(inbound('SM-consent-1'));
    const customer = await r.customers.ensureCustomer(conversationId);
    const base = {
      customerId: customer.id,
      conversationId,
      channelId: 'sms' as const,
      wordingVersion: 'privacy-2026-11',
    };
    await r.customers.recordConsent({ ...base, kind: 'data_protection', granted: true });
    await r.customers.recordConsent({ ...base, kind: 'data_protection', granted: false });
    await r.customers.recordConsent({
      ...base,
      kind: 'record_as_complaint',
      granted: true,
      wordingVersion: 'record-2026-11',
    });
    const current = await r.customers.currentConsents({ customerId: customer.id });
    expect(current.find((c) => c.kind === 'data_protection')?.granted).toBe(false);
    expect(current.find((c) => c.kind === 'record_as_complaint')).toMatchObject({
      granted: true,
      wording_version: 'record-2026-11',
    });
    expect(await r.customers.listConsents(customer.id)).toHaveLength(3);
  });
});

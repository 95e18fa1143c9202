import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeNote } from '../../channels/slack/change-notes.js';
import { CaseStore } from '../../src/db/case-store.js';
import { openTestDatabase, type TestDatabase } from '../helpers/db.js';

describe('what the case thread says when an accessible format is needed', () => {
  let t: TestDatabase;
  let store: CaseStore;
  beforeAll(async () => {
    t = await openTestDatabase('pglite');
    store = new CaseStore(t.db);
  });
  afterAll(async () => {
    await t.close();
  });

  it('tells the team which document, which format and by when, and later that it was sent', async () => {
    const c = await store.createCase({
      kind: 'formal_complaint',
      stage: 'stage1',
      policyPack: 'code-2024',
      customerId: null,
      conversationId: null,
      channelId: 'sms',
      customerWords: 'I need this in braille <!channel>',
      receivedAt: new Date('2026-11-20T10:00:00Z'),
      clocks: [],
      actor: 'bot',
    });
    await store.appendEvent(c.id, 'system', 'fulfilment_task_opened', {
      taskId: 't1',
      kind: 'stage1_response',
      format: 'braille',
      dueAt: '2026-12-04T23:59:59.999Z',
    });
    const opened = await changeNote(store, c.id, 'fulfilment_task');
    expect(opened).toContain('stage1 response in braille');
    expect(opened).toContain('Fri 4 Dec 2026');
    await store.appendEvent(c.id, 'staff:U777', 'fulfilment_task_done', {
      taskId: 't1',
      format: 'braille',
      kind: 'stage1_response',
    });
    expect(await changeNote(store, c.id, 'fulfilment_task_done')).toMatch(/braille version has been sent \(<@U777>\)/);
  });
});

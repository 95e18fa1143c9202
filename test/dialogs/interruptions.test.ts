import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaintOffer, contactMethods, startedWhen, yesNo } from '../../dialogs/choice-sets.js';
import { jobId } from '../../src/queues/definitions.js';
import { startHarness, type Customer, type Harness } from './harness.js';

const noShow =
  "The repair man didn't turn up again, that's the third time this month and I took the day off work for nothing";

/** Start a complaint and stop at "what would you like us to do?". */
function upToOutcome(c: Customer) {
  return c.adapter
    .send(noShow)
    .assertReply(c.says('start.greeting'))
    .assertReply(c.asks('triage.offer', { count: 2, topic: c.word('topics.repairs') }, complaintOffer))
    .send('1')
    .assertReply(c.asks('consent.notice', {}, yesNo))
    .send('yes')
    .assertReply(c.says('details.outcome'));
}

describe('what a customer can say at any point', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('an emergency in the middle of a complaint: safety advice first, an EMG case, a person, who has the complaint too', async () => {
    const c = h.customer('sms');
    await upToOutcome(c)
      .send('I can smell gas in the kitchen')
      .assertReply(c.says('emergency.advice.gas'))
      .assertReply(c.says('emergency.line'))
      .assertReply(c.contains('EMG-'))
      // The conversation is a colleague's now: no question the bot could not hear the answer to.
      .assertReply(c.says('emergency.colleagueHasComplaint'));

    const advice = c.text('emergency.advice.gas');
    expect(advice).toContain('0800 111 999');
    expect(advice).toContain('leave the property now');
    const emergency = await h.store.getCaseByReference(c.reference ?? '');
    expect(emergency).toMatchObject({
      kind: 'emergency',
      priority: 'emergency',
      stage: 'none',
      customer_words: 'I can smell gas in the kitchen',
    });
    const [clock] = await h.store.listClocks(emergency?.id ?? '');
    expect(clock?.name).toBe('emergency_make_safe');
    expect(new Date(clock?.due_at ?? 0).getTime() - h.clock.now.getTime()).toBe(24 * 3_600_000);
    const conversation = await h.store.getConversation(await c.conversationId());
    expect(conversation?.handoff_state).toBe('queued');
    const handoff = await h.queues.queues.handoff.getJob(
      jobId(
        'handoff',
        conversation?.id ?? '',
        (await lastInbound(h, conversation?.id ?? '', 'I can smell gas in the kitchen')) ?? '',
      ),
    );
    expect(handoff?.data).toMatchObject({ type: 'handoff_requested', caseId: emergency?.id, reason: 'emergency' });
  });

  it('a welfare concern: 999 or 101 first, then a person at once', async () => {
    const c = h.customer('sms');
    await c.adapter
      .send("my neighbour hasn't been seen for days and her curtains are still closed")
      .assertReply(c.says('emergency.advice.safeguarding'))
      .assertReply(
        c.capture((a) => expect(a.text).toBe(c.text('emergency.loggedWelfare', { reference: c.reference ?? '' }))),
      );
    expect(c.text('emergency.advice.safeguarding')).toContain('101');
    expect((await h.store.getConversation(await c.conversationId()))?.handoff_state).toBe('queued');
  });

  it('after an emergency in web chat, the bot does not go on with the complaint it interrupted', async () => {
    const c = h.customer('directline');
    await upToOutcome(c)
      .send('my carbon monoxide alarm is going off')
      .assertReply(c.says('emergency.advice.gas'))
      .assertReply(c.says('emergency.line'))
      .assertReply(c.capture())
      .assertReply(c.says('emergency.colleagueHasComplaint'))
      // (In the gateway, this goes to the colleague: the conversation is theirs.)
      .send('hello?')
      .assertReply(c.capture((a) => expect(a.text).not.toBe(c.text('details.outcome'))));
  });

  it('switches language by its name mid-flow and asks the same question again', async () => {
    const c = h.customer('sms');
    await upToOutcome(c)
      .send('Cymraeg')
      .assertReply((a) => {
        expect(a.text).toBe(h.i18n.t('cy', 'language.switched', { language: 'Cymraeg' }));
        expect(a.locale).toBe('cy');
      })
      .assertReply((a) => expect(a.text).toBe(h.i18n.t('cy', 'details.outcome')));
    const conversation = await h.store.getConversation(await c.conversationId());
    expect(conversation?.locale).toBe('cy');
    // The customer agreed to the privacy notice, so the language is kept on them for later letters.
    expect((await h.store.findCustomerForConversation(conversation?.id ?? ''))?.preferred_language).toBe('cy');
  });

  it('"agent" at any point hands the conversation to a person', async () => {
    const c = h.customer('sms');
    await upToOutcome(c).send('agent').assertReply(c.says('handoff.queued'));
    const conversation = await h.store.getConversation(await c.conversationId());
    expect(conversation?.handoff_state).toBe('queued');
    const messageId = await lastInbound(h, conversation?.id ?? '', 'agent');
    const job = await h.queues.queues.handoff.getJob(jobId('handoff', conversation?.id ?? '', messageId ?? ''));
    expect(job?.data).toMatchObject({ type: 'handoff_requested', reason: 'customer_asked' });
  });

  it('"talk to a human" works on web chat too, and a person mentioned in passing is not a request', async () => {
    const c = h.customer('directline');
    await c.adapter
      .send('can I speak to a human please')
      .assertReply(c.says('start.greeting'))
      .assertReply(c.says('handoff.queued'));
    const other = h.customer('directline');
    await other.adapter
      .send('a person from your office came round yesterday and was very rude to my son')
      .assertReply(other.says('start.greeting'))
      .assertReply(other.capture((a) => expect(a.text).not.toBe(other.text('handoff.queued'))));
  });

  it('"start again" drops the flow and nothing is logged', async () => {
    const c = h.customer('sms');
    await upToOutcome(c)
      .send('start again')
      .assertReply(c.says('cancel.done'))
      .send('What are your opening hours?')
      .assertReply(c.says('knowledge.opening_hours'))
      .assertReply(c.says('enquiry.anythingElse'));
    expect(await h.store.listCasesForConversation(await c.conversationId())).toEqual([]);
  });

  it.each(['actually forget it, ill just ring you tomorrow', 'never mind', "oh don't bother, it's sorted now"])(
    '"%s" in the middle of a flow stops it, and nothing is logged',
    async (text) => {
      const c = h.customer('sms');
      await upToOutcome(c).send(text).assertReply(c.says('cancel.done'));
      expect(await h.store.listCasesForConversation(await c.conversationId())).toEqual([]);
    },
  );

  it('the same in Polish: the conversation goes on in Polish, and nothing is logged', async () => {
    const c = h.customer('sms');
    await upToOutcome(c)
      .send('nieważne, zadzwonię jutro')
      .assertReply((a) => expect(a.text).toBe(h.i18n.t('pl', 'language.switchedAuto')))
      .assertReply((a) => expect(a.text).toBe(h.i18n.t('pl', 'cancel.done')));
    expect(await h.store.listCasesForConversation(await c.conversationId())).toEqual([]);
  });

  it('the same in Chinese: "算了，我明天打电话给你们" (forget it, I will ring you tomorrow)', async () => {
    const c = h.customer('sms');
    await upToOutcome(c)
      .send('算了，我明天打电话给你们')
      .assertReply((a) => expect(a.text).toBe(h.i18n.t('zh', 'language.switchedAuto')))
      .assertReply((a) => expect(a.text).toBe(h.i18n.t('zh', 'cancel.done')));
    expect(await h.store.listCasesForConversation(await c.conversationId())).toEqual([]);
  });

  it('answers abuse calmly once, flags it for staff each time, and never stops helping', async () => {
    const c = h.customer('sms');
    const abuse = 'you lot are useless f***ing idiots';
    await c.adapter
      .send(abuse)
      .assertReply(c.says('start.greeting'))
      .assertReply(c.says('abuse.calm'))
      .assertReply(c.capture((a) => expect(a.text).toContain('1 ')))
      .send(abuse)
      // Not said again: the question is simply asked again, in full.
      .assertReply(
        c.asksAgain('ask.retryChoice', 'triage.offer', { count: 2, topic: c.word('topics.other') }, complaintOffer),
      );
    const conversationId = await c.conversationId();
    const messages = (await h.store.listMessages(conversationId)).filter((m) => m.direction === 'inbound');
    for (const m of messages) {
      const job = await h.queues.queues.handoff.getJob(jobId('flag', conversationId, m.id));
      expect(job?.data).toMatchObject({ type: 'handoff_requested', reason: 'abusive_language' });
    }
    expect((await h.store.getConversation(conversationId))?.handoff_state).toBe('bot');
  });

  it('answers "status <ref>" only to the customer the case belongs to', async () => {
    const owner = h.customer('sms');
    await upToOutcome(owner)
      .send('A new appointment')
      .assertReply(owner.capture())
      .send('1')
      .assertReply(owner.capture())
      .send('1')
      .assertReply(owner.capture())
      .send('Pat Doe')
      .assertReply(owner.capture())
      .send('B1 1AA')
      .assertReply(owner.asks('prefs.contact', {}, contactMethods))
      .send('1')
      .assertReply(owner.capture())
      .send('1')
      .assertReply(owner.capture())
      .assertReply(owner.capture())
      .assertReply(owner.capture())
      // Once the complaint is logged: the vulnerability question (issue 11 item 6).
      .assertReply(owner.asks('vulnerability.ask', {}, yesNo));
    const reference = owner.reference ?? '';
    const summary = owner.says('status.summary', {
      reference,
      what: owner.word('confirm.kind.formal_complaint'),
      stage: owner.word('status.stage.stage1'),
      state: owner.word('status.state.open'),
    });
    const next = owner.says('status.next', { what: owner.word('clocks.stage1_ack'), date: 'Monday 7 December' });
    await owner.adapter
      .send(`status ${reference.toLowerCase()}`)
      .assertReply(summary)
      .assertReply(next)
      // The question the status check interrupted comes again.
      .assertReply(owner.asks('vulnerability.ask', {}, yesNo));

    // Without the reference, as people ask: their open case is found from who they are.
    await owner.adapter
      .send('no')
      .assertReply(owner.says('vulnerability.adjustments'))
      .send('no')
      .send("any update on my complaint? it's been ages and i've heard nothing")
      .assertReply(summary)
      .assertReply(next);

    // Another number: the same refusal whether or not the reference exists, revealing nothing.
    const stranger = h.customer('sms');
    await stranger.adapter
      .send(`status ${reference}`)
      .assertReply(stranger.says('start.greeting'))
      .assertReply(stranger.says('status.refused'))
      .send('status CMP-2026-999999')
      .assertReply(stranger.says('status.refused'));
  });

  it('a status check in the middle of a flow answers, then asks the pending question again', async () => {
    const c = h.customer('sms');
    await upToOutcome(c)
      .send('status CMP-2026-999998')
      .assertReply(c.says('status.refused'))
      .assertReply(c.says('details.outcome'));
  });
});

async function lastInbound(h: Harness, conversationId: string, text: string): Promise<string | undefined> {
  const messages = await h.store.listMessages(conversationId);
  return messages.filter((m) => m.direction === 'inbound' && m.text === text).at(-1)?.id;
}

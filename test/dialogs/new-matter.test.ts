import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knowledgeVars } from '../../dialogs/knowledge.js';
import type { ChannelId } from '../../src/channel.js';
import { startHarness, type Customer, type Harness } from './harness.js';

/**
 * Issue 21: nothing a customer writes is dropped. Questions the bot can answer are answered
 * at once; a new matter written while a question is pending is taken as that matter, and
 * the customer is offered the earlier step back; a "yes" after a finished flow opens nothing.
 * The customers' words come first, as people type them; SMS and web chat wording both.
 */

const complaint =
  'I want to make a formal complaint. Your repairs team missed 3 appointments for my leaking roof and nobody calls back.';

/** What the bot says to one message: every reply, as text. */
async function say(c: Customer, text: string): Promise<string[]> {
  await c.adapter.send(text);
  const replies = c.adapter.activeQueue.splice(0);
  return replies.map((a) => a.text ?? '');
}

async function casesOf(h: Harness, c: Customer) {
  return h.store.listCasesForConversation(await c.conversationId(), false);
}

describe.each<ChannelId>(['sms', 'directline'])('nothing dropped (%s)', (channel) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('"When is the office open?" is answered at once, without the privacy question; the complaint that follows is a complaint; "yes" opens no enquiry', async () => {
    const c = h.customer(channel);
    const opening = await say(c, 'When is the office open?');
    expect(opening).toContain(c.text('knowledge.opening_hours'));
    expect(opening.join('\n')).not.toContain(c.text('consent.notice').slice(0, 40));
    expect(await casesOf(h, c)).toHaveLength(0);

    const offered = await say(c, complaint);
    expect(offered.join('\n')).toContain(c.text('consent.notice').split('{{')[0]!.slice(0, 40));
    const next = await say(c, 'yes');
    // The complaint goes on: the next question of the complaint, not an enquiry reference.
    expect(next.join('\n')).not.toMatch(/ENQ-/);
    expect((await casesOf(h, c)).filter((k) => k.kind === 'enquiry')).toHaveLength(0);
  });

  it.each([
    ['How do I make a complaint?', 'knowledge.complaints_process'],
    ['how do i pay my rent', 'knowledge.paying_rent'],
    ['what time does the office close on friday?', 'knowledge.opening_hours'],
    ['whats the ombudsman number', 'knowledge.ombudsman'],
  ])('"%s" is answered at once, with no privacy question and no case', async (question, key) => {
    const c = h.customer(channel);
    const replies = await say(c, question);
    const ombudsman = (await h.cases.ombudsmanFor({ customer_id: null }))('en');
    expect(replies).toContain(c.text(key, knowledgeVars(h.cases.pack, ombudsman)));
    expect(replies.join('\n')).not.toContain(c.text('consent.notice').split('{{')[0]!.slice(0, 40));
    expect(await casesOf(h, c)).toHaveLength(0);
  });

  it('a complaint written while the privacy question of a repair request is pending is taken as a complaint, and the repair is offered back', async () => {
    const c = h.customer(channel);
    const first = await say(c, 'the extractor fan in the bathroom has stopped working');
    expect(first.at(-1)).toContain(c.text('consent.notice').split('{{')[0]!.slice(0, 40));

    const interrupted = await say(c, complaint);
    expect(interrupted[0]).toBe(c.text('interrupt.newMatter'));
    expect(interrupted.join('\n')).not.toContain(c.text('ask.retryChoice'));
    // The complaint's own privacy question comes next (nothing is kept yet): a reminder of
    // the notice just shown, not the whole of it again.
    expect(interrupted.at(-1)).toContain(c.text('consent.noticeAgain').split('(')[0]);
    expect(interrupted.join('\n')).not.toContain(c.text('consent.notice').split('{{')[0]!.slice(0, 40));

    const after = await say(c, 'yes');
    expect(after.join('\n')).not.toMatch(/ENQ-/);
    expect(await casesOf(h, c)).toHaveLength(0);
  });

  it('a repair report written instead of answering the format question becomes its own request, and the complaint carries on to its reference', async () => {
    const c = h.customer(channel);
    const script: Array<[string, (replies: string[]) => void]> = [
      [complaint, (r) => expect(r.join('\n')).toContain(c.text('consent.notice').split('{{')[0]!.slice(0, 40))],
      ['yep', () => undefined],
    ];
    for (const [words, check] of script) check(await say(c, words));
    // Answer whatever the complaint asks, in people's words, until it asks about formats.
    const answers: Record<string, string> = {
      'details.outcome': 'come and fix the roof properly and ring me back when you say you will',
      'details.started': 'about 2 months ago',
      'details.who': "I'm the tenant",
      'details.name': 'Jane Smith',
      'details.home': 'NG31 6AB',
      'details.recordFormal': 'yes',
      'prefs.contact': channel === 'sms' ? 'text me' : 'email',
      'prefs.email': 'jane.smith@example.org',
      'prefs.phone': '07700 900123',
    };
    let asked = '';
    let replies = await say(c, answers['details.outcome']!);
    for (let turn = 0; turn < 12; turn++) {
      const last = replies.at(-1) ?? '';
      if (last.startsWith(c.text('prefs.format').slice(0, 30))) break;
      const key = Object.keys(answers).find((k) => last.startsWith(c.text(k).split('{{')[0]!.slice(0, 25)));
      if (!key) throw new Error(`unexpected question: ${last}`);
      asked = key;
      replies = await say(c, answers[key]!);
    }
    expect(asked).not.toBe('');
    expect(replies.at(-1)).toContain(c.text('prefs.format').slice(0, 30));

    // Instead of a format, a new repair.
    const repair = await say(c, 'oh and the bathroom extractor fan has stopped working as well');
    expect(repair[0]).toBe(c.text('interrupt.newMatter'));
    const enquiry = repair.find((r) => /ENQ-\d{4}-\d{6}/.test(r));
    expect(enquiry).toBeDefined();
    expect(repair.at(-1)).toContain(c.text('interrupt.carryOnComplaint'));

    // Back to the complaint: the format question again, then the complaint's reference.
    const back = await say(c, 'yes please');
    expect(back.at(-1)).toContain(c.text('prefs.format').slice(0, 30));
    const done = await say(c, 'standard');
    expect(done.join('\n')).toMatch(/CMP-\d{4}-\d{6}/);

    const cases = await casesOf(h, c);
    expect(cases.map((k) => k.kind).sort()).toEqual(['enquiry', 'formal_complaint']);
    const fan = cases.find((k) => k.kind === 'enquiry');
    expect(fan?.customer_words).toContain('extractor fan');
    const roof = cases.find((k) => k.kind === 'formal_complaint');
    expect(roof?.customer_words).toContain('leaking roof');

    // Once the complaint is logged, the vulnerability questions (issue 11 item 6), answered "no".
    expect(done.at(-1)).toContain(c.text('vulnerability.ask'));
    expect(await say(c, 'no')).toEqual([expect.stringContaining(c.text('vulnerability.adjustments'))]);
    expect(await say(c, 'nope')).toEqual([]);

    // A "yes" after the finished flow opens nothing.
    const yes = await say(c, 'yes');
    expect(yes).toEqual([c.text('start.acknowledged')]);
    expect(await casesOf(h, c)).toHaveLength(2);
  });

  it('a question with an answer is answered, even with a case about the same thing open', async () => {
    const c = h.customer(channel);
    await say(c, 'can someone ring me about my rent account please, i think its wrong');
    expect((await say(c, 'yes')).join('\n')).toMatch(/ENQ-\d{4}-\d{6}/);
    const answered = await say(c, 'how do i pay my rent?');
    const ombudsman = (await h.cases.ombudsmanFor({ customer_id: null }))('en');
    expect(answered).toContain(c.text('knowledge.paying_rent', knowledgeVars(h.cases.pack, ombudsman)));
  });

  it('the same thing a month later, on a long-lived conversation, is a new request', async () => {
    const c = h.customer(channel);
    const start = h.clock.now;
    try {
      await say(c, 'theres black mould in my bedroom can someone come and look at it');
      await say(c, 'yes');
      await say(c, 'no');
      await say(c, 'no');
      h.clock.now = new Date(start.getTime() + 30 * 86_400_000);
      const later = await say(c, 'the black mould in the bedroom is back, can someone come and look at it');
      expect(later.join('\n')).not.toContain(c.text('interrupt.addedToCase', { reference: '' }).slice(0, 20));
      expect((await casesOf(h, c)).filter((k) => k.kind === 'enquiry')).toHaveLength(2);
    } finally {
      h.clock.now = start;
    }
  });

  it('a repair written at "Should we contact you in a particular way?" is a repair, not a way to contact them', async () => {
    const c = h.customer(channel);
    await say(c, 'theres black mould in my bedroom can someone come and look at it');
    await say(c, 'yes');
    expect((await say(c, 'no')).at(-1)).toContain(c.text('vulnerability.adjustments').slice(0, 40));
    const tap = await say(c, 'also the kitchen tap is leaking');
    expect(tap[0]).toBe(c.text('interrupt.newMatter'));
    expect((await say(c, 'yes')).at(-1)).toContain(c.text('vulnerability.adjustments').slice(0, 40));
    // The way they do want to be contacted is still its answer.
    expect(await say(c, 'texts not calls please, im deaf')).toEqual([c.text('vulnerability.recorded')]);
    const customer = await h.store.findCustomerForConversation(await c.conversationId());
    expect(customer?.contact_adjustments).toBe('texts not calls please, im deaf');
  });

  it('the same thing said again once it is logged goes on its case, not a second one; something else is its own', async () => {
    const c = h.customer(channel);
    await say(c, 'theres black mould in my bedroom can someone come and look at it');
    const logged = await say(c, 'yes');
    const reference = /ENQ-\d{4}-\d{6}/.exec(logged.join('\n'))?.[0];
    expect(reference).toBeDefined();
    // At the next question, the mould again, as people say it again.
    const again = await say(c, 'i just want someone to sort the mould out');
    expect(again[0]).toBe(c.text('interrupt.addedToCase', { reference: reference ?? '' }));
    expect(again.at(-1)).toContain(c.text('vulnerability.ask').slice(0, 40));
    let cases = await casesOf(h, c);
    expect(cases).toHaveLength(1);
    const messages = await h.db.query<{ text: string }>('select text from messages where case_id = $1', [cases[0]?.id]);
    expect(messages.map((m) => m.text)).toContain('i just want someone to sort the mould out');
    // Another repair, in the same category, is its own request.
    const tap = await say(c, 'also the kitchen tap is leaking');
    expect(tap[0]).toBe(c.text('interrupt.newMatter'));
    cases = await casesOf(h, c);
    expect(cases).toHaveLength(2);
  });
});

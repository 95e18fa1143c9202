import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asksForAgent } from '../../dialogs/commands.js';
import { startHarness, type Harness } from './harness.js';

/**
 * Issue 11 item 4: a person when asked, in the customer's own words, in all ten languages,
 * at any point including the first message. Written as customers type them.
 */
const asks = [
  'can I talk to a real human',
  'Can i speak to someone please',
  'put me through to somebody',
  'put me thru',
  'I want a manager',
  'i want to speak to your manager',
  'just call me',
  'can someone call me back',
  'please ring me',
  'I need a human being not a bot',
  'is there a real person there?',
  'transfer me to an advisor',
  'talk 2 a person',
  'chcę rozmawiać z człowiekiem',
  'Chce rozmawiac z konsultantem',
  'proszę o kontakt z pracownikiem',
  'zadzwońcie do mnie',
  'Dw i eisiau siarad â pherson go iawn',
  'ga i siarad gyda rhywun',
  'ffoniwch fi',
  'vreau să vorbesc cu un om',
  'sunați-mă vă rog',
  'Waxaan rabaa inaan la hadlo qof',
  'i soo wac',
  'مجھے کسی انسان سے بات کرنی ہے',
  'مجھے کال کریں',
  'ਮੈਂ ਕਿਸੇ ਇਨਸਾਨ ਨਾਲ ਗੱਲ ਕਰਨੀ ਹੈ',
  'أريد التحدث مع موظف',
  'اتصلوا بي من فضلكم',
  'আমি একজন মানুষের সাথে কথা বলতে চাই',
  '我想和真人说话',
  '请给我打电话',
];

const doesNotAsk = [
  'a person came round yesterday and said the boiler is fine',
  'the manager was rude to me on the phone',
  'I want someone to fix my boiler',
  'someone left rubbish in the stairwell',
  'send me a letter please',
  'my neighbour keeps calling me names',
  'My kitchen tap has been dripping for a week',
  'ok thanks',
];

describe('asking for a person in any words', () => {
  it.each(asks)('"%s" is a request for a person', (text) => {
    expect(asksForAgent(text)).toBe(true);
  });
  it.each(doesNotAsk)('"%s" is not', (text) => {
    expect(asksForAgent(text)).toBe(false);
  });
});

describe('a person when asked, and nothing opened for "ok"', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('the first message "can I talk to a real human" is a live handoff, not an enquiry', async () => {
    const c = h.customer('sms');
    await c.adapter
      .send('can I talk to a real human')
      .assertReply(c.says('start.greeting'))
      .assertReply(c.says('handoff.queued'));
    const conversation = await h.store.getConversation(await c.conversationId());
    expect(conversation?.handoff_state).toBe('queued');
    expect(await h.store.listCasesForConversation(conversation?.id ?? '', false)).toHaveLength(0);
  });

  it('"put me through to somebody" in the middle of a question hands over too', async () => {
    const c = h.customer('directline');
    await c.adapter
      .send('My kitchen tap has been dripping for a week')
      .assertReply(c.says('start.greeting'))
      .assertReply(c.capture())
      .send('put me through to somebody')
      .assertReply(c.says('handoff.queued'));
    expect((await h.store.getConversation(await c.conversationId()))?.handoff_state).toBe('queued');
  });

  it('in Polish, a first message asking for a person is a handoff', async () => {
    const c = h.customer('sms');
    await c.adapter.send('chcę rozmawiać z człowiekiem').assertReply(c.capture()).assertReply(c.capture());
    expect((await h.store.getConversation(await c.conversationId()))?.handoff_state).toBe('queued');
  });

  it('"just call me" in answer to "How would you like us to contact you?" is a phone call, not a request for a person', async () => {
    const c = h.customer('directline');
    const answers: Record<string, string> = {
      'triage.offer': 'formal complaint',
      'consent.notice': 'yes',
      'details.outcome': 'an apology',
      'details.started': 'last week',
      'details.who': 'me',
      'details.name': 'Sam Lee',
      'details.home': 'LS1 4AP',
      'details.recordFormal': 'yes',
    };
    const starts = (key: string) => c.text(key, { count: 2 }).split('{{')[0]!.slice(0, 25);
    await c.adapter.send("The repair man didn't turn up again, that's the third time this month");
    let replies = c.adapter.activeQueue.splice(0).map((a) => a.text ?? '');
    for (let turn = 0; turn < 10 && !(replies.at(-1) ?? '').startsWith(starts('prefs.contact')); turn++) {
      const key = Object.keys(answers).find((k) => (replies.at(-1) ?? '').startsWith(starts(k)));
      if (!key) throw new Error(`unexpected: ${replies.join(' | ')}`);
      await c.adapter.send(answers[key]!);
      replies = c.adapter.activeQueue.splice(0).map((a) => a.text ?? '');
    }
    await c.adapter.send('just call me').assertReply(c.says('prefs.phone'));
    expect((await h.store.getConversation(await c.conversationId()))?.handoff_state).toBe('bot');
  });

  it('"ok", "thanks", "yes" and an emoji with no flow in hand open no case, and each gets a polite reply', async () => {
    const c = h.customer('sms');
    await c.adapter
      .send('ok')
      .assertReply(c.says('start.greeting'))
      .assertReply(c.says('start.acknowledged'))
      .send('thanks')
      .assertReply(c.says('start.acknowledged'))
      .send('yes')
      .assertReply(c.says('start.acknowledged'))
      .send('👍')
      .assertReply(c.says('start.acknowledged'));
    expect(await h.store.listCasesForConversation(await c.conversationId(), false)).toHaveLength(0);
  });
});

import { describe, expect, it } from 'vitest';
import { classify } from '../../src/triage/classify.js';
import type { Flag, Kind } from '../../src/triage/types.js';

/** Policy the classifier must follow whatever the model thinks (docs/rules/contacts.md#first-time-fix, seed 004). */
describe('a customer who asks for a complaint always gets one', () => {
  it.each([
    'I want to make a formal complaint',
    'i wanna complain',
    'Please log this as a complaint.',
    'How do I complain? nobody ever rings back',
    'Complaint - flat 2, 14 High Street',
    'Can I raise a complaint about the repairs service?',
    'Chcę złożyć skargę na obsługę',
    'Rwyf am wneud cwyn',
    'Vreau să fac o plângere',
    'أريد تقديم شكوى',
  ])('%s', (text) => {
    const r = classify({ text });
    expect(r.kind).toBe('formal_complaint');
    expect(r.explicitComplaintRequest).toBe(true);
    expect(r.reasons[0]).toMatch(/asked for a complaint/);
  });

  it('does not read "not a complaint" as a request', () => {
    const r = classify({ text: "This isn't a complaint, I just want to know when the scaffolding comes down" });
    expect(r.kind).toBe('enquiry');
    expect(r.explicitComplaintRequest).toBe(false);
  });

  it('names the repair, not the phone calls about it, as what the customer is unhappy about', () => {
    const r = classify({
      text: "Hi my name is Margaret I'm 79 and partially sighted. The bathroom extractor fan has not worked since August and I've phoned three times and nobody has come. My eyes are bad so I need letters in big print please",
    });
    expect(r.kind).toBe('formal_complaint');
    expect(r.category).toBe('repairs');
    expect(r.flags).toContain('format_request');
  });

  it.each([
    'the people upstairs are shouting and banging all night, ive told you loads of times and nothings happened',
    'the kids downstairs keep screaming and fighting in the hallway, reported it 4 times',
  ])('names anti-social behaviour, not "something we have done", when people are the noise: %s', (text) => {
    expect(classify({ text }).category).toBe('asb');
  });

  it.each([
    'the pipes keep banging all night since the engineer came, reported it 4 times',
    'water leaking through my ceiling from the flat upstairs, third time i have reported it',
  ])('a noise or a leak from a pipe or the flat upstairs stays a repair: %s', (text) => {
    expect(classify({ text }).category).toBe('repairs');
  });

  it.each([
    'عمري ٧٨ سنة ونظري ضعيف. مروحة الحمام معطلة منذ أغسطس واتصلت ثلاث مرات ولم يأت أحد',
    'باتھ روم کا پنکھا اگست سے خراب ہے، تین بار فون کیا کوئی نہیں آیا',
    'ਬਾਥਰੂਮ ਦਾ ਪੱਖਾ ਅਗਸਤ ਤੋਂ ਖਰਾਬ ਹੈ, ਤਿੰਨ ਵਾਰ ਫ਼ੋਨ ਕੀਤਾ ਕੋਈ ਨਹੀਂ ਆਇਆ',
    'বাথরুমের ফ্যান আগস্ট থেকে নষ্ট, তিনবার ফোন করেছি কেউ আসেনি',
    '浴室的排气扇从八月就坏了，打了三次电话都没人来',
    'ਸਾਡੀ ਰਸੋਈ ਦੀ ਛੱਤ ਤੋਂ ਪਾਣੀ ਟਪਕ ਰਿਹਾ ਹੈ ਤਿੰਨ ਹਫ਼ਤਿਆਂ ਤੋਂ। ਮੈਂ ਦੋ ਵਾਰ ਫ਼ੋਨ ਕੀਤਾ ਪਰ ਕੋਈ ਨਹੀਂ ਆਇਆ',
    'کچن کی چھت سے پانی ٹپک رہا ہے، دو بار فون کیا',
    '厨房天花板一直滴水，打了两次电话',
    'Od trzech tygodni nie mamy ciepłej wody, nikt nie oddzwania',
    'Wythnos heb ddŵr poeth a neb yn ateb y ffôn',
    'Nu avem apă caldă de o săptămână și nimeni nu ne sună înapoi',
    'kuleylka guriga ma shaqeynayo laba toddobaad, saddex jeer ayaan wacay',
  ])(
    'names a repair in Arabic, Urdu, Punjabi, Bengali, Chinese, Polish, Welsh, Romanian and Somali, not "something we have done": %s',
    (text) => {
      expect(classify({ text }).category).toBe('repairs');
    },
  );

  it.each([
    'الجيران يصرخون كل ليلة واتصلت بكم عدة مرات',
    '邻居每天晚上都很吵，打了好几次电话没人管',
    'Deriskayga ayaa habeen walba qaylinaya, laba jeer ayaan idiin sheegay',
    "Mae'r cymdogion yn gwneud sŵn bob nos",
    'Vecinii fac gălăgie în fiecare noapte',
  ])('names anti-social behaviour in Arabic, Chinese, Somali, Welsh and Romanian: %s', (text) => {
    expect(classify({ text }).category).toBe('asb');
  });

  it.each([
    'not happy with the way the housing officer spoke to me on the phone',
    'I want to make a complaint about the way your officer spoke to me on the phone',
    'the woman on the phone was really short with me and made me feel stupid',
    'the lady in the call centre talked down to me like i was a child',
  ])('names how a member of staff treated the customer, not "how we kept in touch": %s', (text) => {
    const r = classify({ text });
    expect(r.kind).toBe('formal_complaint');
    expect(r.category).toBe('staff_conduct');
  });

  it.each([
    'Pani z biura była bardzo niemiła i rozłączyła się w trakcie rozmowy',
    "Mae'r staff wedi bod yn anghwrtais iawn gyda fi ar y ffôn",
    'Angajatul de la telefon a fost foarte nepoliticos cu mine',
    'Shaqaalaha taleefanka ayaa edeb darro igula hadlay',
    'موظفكم كان وقحا جدا معي على الهاتف',
    'آپ کے عملے نے فون پر مجھ سے بہت بدتمیزی کی',
    'ਤੁਹਾਡੇ ਸਟਾਫ਼ ਨੇ ਫ਼ੋਨ ਤੇ ਮੇਰੇ ਨਾਲ ਬਹੁਤ ਬਦਤਮੀਜ਼ੀ ਕੀਤੀ',
    'আপনাদের কর্মী ফোনে আমার সাথে খুব খারাপ ব্যবহার করেছে',
    '您的工作人员在电话里对我很不礼貌',
  ])('a member of staff rude to the customer, in the other nine languages, is a complaint about them: %s', (text) => {
    const r = classify({ text });
    expect(r.kind).toBe('formal_complaint');
    expect(r.category).toBe('staff_conduct');
  });

  it('a rude neighbour is not a member of staff', () => {
    expect(classify({ text: 'Sąsiad jest bardzo niemiły i ciągle hałasuje' }).category).not.toBe('staff_conduct');
  });

  it('an officer who spoke to the customer is not, by that alone, about their conduct', () => {
    expect(
      classify({ text: 'your officer spoke to me yesterday and said someone would come today' }).category,
    ).not.toBe('staff_conduct');
  });

  it.each([
    'أخذوا الإيجار مرتين هذا الشهر ولم يرد علي أحد',
    'اس مہینے کرایہ دو بار کاٹا گیا، کوئی جواب نہیں دیتا',
    'ਇਸ ਮਹੀਨੇ ਕਿਰਾਇਆ ਦੋ ਵਾਰ ਕੱਟਿਆ ਗਿਆ',
    'এই মাসে ভাড়া দুবার কেটে নেওয়া হয়েছে',
    '这个月房租被扣了两次，没人回复',
    'Mi s-a luat chiria de două ori luna asta',
    'lacagta kirada laba jeer ayaa la iga jaray',
  ])('names rent in other languages, not "something we have done": %s', (text) => {
    expect(classify({ text }).category).toBe('rent');
  });

  it.each([
    'القمامة لم تجمع منذ أسبوعين',
    'کوڑا دو ہفتوں سے نہیں اٹھایا گیا',
    'ਕੂੜਾ ਦੋ ਹਫ਼ਤਿਆਂ ਤੋਂ ਨਹੀਂ ਚੁੱਕਿਆ ਗਿਆ',
    'দুই সপ্তাহ ধরে ময়লা নেওয়া হয়নি',
    '楼道里的垃圾两个星期没人清理',
    'Winda w bloku nie działa od tygodnia',
    'Nu s-a mai strâns gunoiul de două săptămâni',
    'Qashinka lama qaadin laba toddobaad',
    "Dydy'r biniau heb gael eu casglu ers pythefnos",
  ])('names the estate or communal areas in other languages: %s', (text) => {
    expect(classify({ text }).category).toBe('estate');
  });

  it('treats a "complaint" about a neighbour as an anti-social behaviour report', () => {
    const r = classify({ text: 'I want to make a complaint about my neighbour, his dog barks all night' });
    expect(r.kind).toBe('enquiry');
    expect(r.category).toBe('asb');
  });
});

describe('a matter already dealt with as a complaint is formal (seed 004)', () => {
  it('when the caller says a complaint is on record', () => {
    const r = classify({ text: 'when is someone coming about the window?', priorComplaint: true });
    expect(r.kind).toBe('formal_complaint');
    expect(r.reasons.join(' ')).toMatch(/complaint is on record/);
  });

  it('when the customer says so in their own words', () => {
    for (const text of [
      "I've already complained about this leak and it's still not fixed",
      'second time ive complained about the fence',
      'still not sorted after my complaint in March',
    ]) {
      expect(classify({ text }).kind).toBe('formal_complaint');
    }
  });

  it('but a thank-you on a complained-about matter is a compliment, not a new complaint', () => {
    const r = classify({
      text: 'Thank you so much for finally fixing the roof, the roofers were brilliant',
      priorComplaint: true,
    });
    expect(r.kind).toBe('enquiry');
    expect(r.flags).toContain('compliment');
  });
});

describe('appeals and escalation are formal and flagged', () => {
  it.each([
    "I'm not happy with your response to my complaint",
    'I want to take this to stage 2',
    'please escalate my complaint, the reply ignored half of what I said',
  ])('%s', (text) => {
    const r = classify({ text });
    expect(r.kind).toBe('formal_complaint');
    expect(r.flags).toContain('appeal');
  });
});

describe('kind of contact', () => {
  const cases: [string, Kind][] = [
    ['Hi, my kitchen tap is dripping, can someone come and look at it?', 'enquiry'],
    ['What is my rent balance please', 'enquiry'],
    ['Can I get a parking permit for the car park?', 'enquiry'],
    ['the engineer didnt turn up today and nobody called me', 'first_time_fix'],
    ['our bins were not collected this week', 'first_time_fix'],
    ['the plasterer left dust all over my living room', 'first_time_fix'],
    ['I was promised a call back yesterday and nobody rang', 'first_time_fix'],
    ["I've been waiting 5 months for my bathroom to be fixed, it's disgusting", 'formal_complaint'],
    ['fourth missed appointment for the same job. enough is enough', 'formal_complaint'],
    ['the operative was rude and swore at me in my own home', 'formal_complaint'],
    [
      'the mould in my sons room keeps coming back, i have reported it again and again and he has asthma',
      'formal_complaint',
    ],
  ];
  it.each(cases)('%s -> %s', (text, kind) => {
    expect(classify({ text }).kind).toBe(kind);
  });

  it('offers the complaint when it is a first-time fix (Code 1.3)', () => {
    const r = classify({ text: 'the joiner never came back to finish the door like he said' });
    expect(r.kind).toBe('first_time_fix');
    expect(r.reasons.join(' ')).toMatch(/offer a formal complaint/);
  });

  it('quotes the dissatisfaction it heard', () => {
    const r = classify({ text: 'still waiting 3 weeks for someone to come about my fence' });
    expect(r.kind).not.toBe('enquiry');
    expect(r.reasons.join(' ')).toMatch(/dissatisfaction: "still waiting/);
  });
});

describe('flags', () => {
  const cases: [string, Flag][] = [
    ['black mould on the bedroom wall', 'damp_mould'],
    ['Mam pleśń w łazience', 'damp_mould'],
    ['Mae llwydni yn yr ystafell wely', 'damp_mould'],
    ['Am mucegai pe pereți', 'damp_mould'],
    ['Could I have my letters in large print please', 'format_request'],
    ['I need documents in braille', 'format_request'],
    ['Can I have an interpreter for the visit? I speak Polish', 'language_request'],
    ['Proszę o tłumacza', 'language_request'],
    ["I'm writing on behalf of my mum who is a tenant at number 4", 'representative'],
    ['I am writing on behalf of my constituent, Mr Jones', 'representative'],
    ['I am the support worker for Ms Ahmed', 'representative'],
    ['my nan rang me this morning, her heating has gone off', 'representative'],
    ['my mum has had no hot water for 9 days and keeps phoning you', 'representative'],
    ['I want compensation for my ruined carpets', 'compensation'],
    ['your staff treat me differently because I am Polish, it is discrimination', 'discrimination'],
    ['you sent a letter about my rent arrears to my neighbour', 'data_breach'],
    ['you are all useless f***ing idiots', 'abusive'],
    ['i know where you live, watch your back', 'abusive'],
    ['I am worried about the children next door, they are left alone all night', 'safeguarding'],
  ];
  it.each(cases)('%s -> %s', (text, flag) => {
    const r = classify({ text });
    expect(r.flags).toContain(flag);
    expect(r.reasons.length).toBeGreaterThan(0);
  });

  it('a compliment is an enquiry, not dissatisfaction', () => {
    const r = classify({ text: 'Just wanted to say thanks to Dave who fixed our boiler, brilliant job and so polite' });
    expect(r.kind).toBe('enquiry');
    expect(r.flags).toContain('compliment');
  });

  it('sarcasm is not a compliment', () => {
    const r = classify({ text: 'oh great, another missed appointment. well done' });
    expect(r.flags).not.toContain('compliment');
    expect(r.kind).not.toBe('enquiry');
  });

  it('an MP writing about an unresolved problem is a formal complaint with a representative', () => {
    const r = classify({
      text: 'Dear Sir, I write on behalf of my constituent Mrs Khan, whose damp and mould have been reported many times since last year without repair.',
      channel: 'letter',
    });
    expect(r.kind).toBe('formal_complaint');
    expect(r.flags).toEqual(expect.arrayContaining(['representative', 'damp_mould']));
  });

  it('lists flags once each, in a stable order', () => {
    const r = classify({
      text: 'On behalf of my mum: mould again, damp again, she wants compensation for the damp damage',
    });
    expect(new Set(r.flags).size).toBe(r.flags.length);
    expect(r.flags).toEqual(['damp_mould', 'representative', 'compensation']);
  });
});

describe('the result', () => {
  it('has a confidence between 0 and 1 and readable reasons', () => {
    for (const text of ['hello', 'I smell gas', 'i want to complain', 'my tap drips', '']) {
      const r = classify({ text });
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
      for (const reason of r.reasons) expect(reason).toMatch(/^[\w "'(:,.%;-]/u);
    }
  });

  it('guesses the language the customer wrote in, for the reply', () => {
    expect(classify({ text: 'Dzień dobry, nie mam ciepłej wody' }).language).toBe('pl');
    expect(classify({ text: "Mae'r boeler wedi torri, diolch" }).language).toBe('cy');
    expect(classify({ text: 'Bună ziua, nu avem apă caldă' }).language).toBe('ro');
    expect(classify({ text: 'the boiler is broken' }).language).toBe('en');
  });

  it('mentions open cases so staff look for a duplicate', () => {
    const r = classify({ text: 'my tap is still dripping', openCases: 2 });
    expect(r.reasons.join(' ')).toMatch(/2 open cases/);
  });
});

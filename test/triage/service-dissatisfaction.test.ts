import { describe, expect, it } from 'vitest';
import { classify } from '../../src/triage/classify.js';

/**
 * Dissatisfaction with how a service is being delivered is offered a complaint even with no
 * angry word and no "complaint" (Code 1.3; Code 1.4: a stage 1 offer while the work goes on;
 * issue 11). First-time fix when a call back or a visit would put it right; formal when it
 * is repeated or long-running (corpus/README.md). None of these messages is in the corpus.
 */
const offered: string[] = [
  'no heating for a week now and nobody rings back',
  'been a week with no hot water, please can someone ring me',
  'two weeks without a working toilet downstairs',
  'i keep ringing and nobody ever gets back to me about my boiler',
  'cant get through on the phone, it just rings out',
  'kept being told someone would call, nobody has',
  'the roofer said hed come back friday to finish, that was over a week ago',
  'heard nothing since the surveyor came about the crack in the wall',
  'your app wont let me report a repair, keeps crashing',
  'the engineer was so late i had to leave for work before he got here',
  'sorry but your plumber turned up really late and left without fixing it',
  'ur engineer left muddy footprints all over my new carpet and didnt even say sorry',
  // Urdu in Latin letters: the boiler has been broken three days, nobody came.
  'boiler kharab hai 3 din se, koi nahi aaya',
  'Od tygodnia nie mamy ciepłej wody, nikt nie oddzwania',
  'Nikt się nie odzywa w sprawie cieknącego kranu',
  'Wythnos heb ddŵr poeth a neb yn ateb y ffôn',
  'Nimeni nu ne sună înapoi, nu avem apă caldă de o săptămână',
  'لا أحد يرد على الهاتف ولا يوجد ماء ساخن منذ أسبوع',
  '一个星期没有暖气了，打电话没人回',
  // Mould in the children's room, reported and nobody came: damp and mould, and dissatisfaction.
  'مرحبا، عندي عفن أسود في غرفة نوم الأطفال منذ شهرين وابني عنده ربو. بلغت عنه مرتين ولم يأت أحد',
  'بچوں کے کمرے میں کالی پھپھوندی ہے، دو بار بتایا کوئی نہیں آیا',
  'ਬੱਚਿਆਂ ਦੇ ਕਮਰੇ ਵਿੱਚ ਸਿੱਲ੍ਹ ਹੈ, ਦੋ ਵਾਰ ਦੱਸਿਆ ਕੋਈ ਨਹੀਂ ਆਇਆ',
  'বাচ্চাদের ঘরে ছত্রাক, দুইবার জানিয়েছি কেউ আসেনি',
  // Spoken Arabic as typed: damp and mould for three months and nobody came to look (Gulf);
  // I rang three times and nobody answered.
  'السلام عليكم، عندي رطوبة وعفن في غرفة النوم من ثلاثة أشهر وما حد جا يشوفها',
  'اتصلت ثلاث مرات ومحد رد علي، الحنفية تسرب',
];

const formal: string[] = [
  // Somali: called three times, nobody called me back.
  'saddex jeer ayaan wacay qofna ima soo wicin, tuubbada ayaa daadinaysa',
  'no hot water for two months, rang loads of times',
  'this is the fourth time i have chased the fence repair',
  // Anti-social behaviour reported again and again with nothing done: a complaint about our handling of it.
  'the people upstairs are shouting and banging all night, ive told you loads of times and nothings happened',
  'Ive been reporting the drug dealing in our block since March and nothing is ever done',
  'Am sunat de patru ori pentru geamul spart și nu a venit nimeni',
  'teen baar phone kiya, koi jawab nahi, toilet leak ho raha hai',
  'للمرة الثالثة أبلغ عن تسرب المياه',
  'Dear Sir, I am writing as ward councillor on behalf of a constituent whose front door has not closed properly for six weeks despite a visit in October.',
  // Asking when someone is coming, months on: waiting that long is the complaint, said or not.
  'hiya when are u coming to fix my bath panel its been off since july',
  'its been leaking since september, when r u going to sort it',
];

const enquiries: string[] = [
  'any news on my repair? reported it monday',
  // A first report of something long broken is a request.
  'my fence has been broken since march, can someone come and look',
  'hi when is the plumber coming, no rush, just so i can plan',
  'boilers been playing up for a week, only just got round to reporting it, can someone look',
  'we will be without water for a week while the bathroom is refitted, is that right?',
  'are we supposed to put the bins out on monday or tuesday?',
  // A first report of anti-social behaviour is a service request, not a complaint.
  'my neighbours music is driving me mad every night',
  'theres been people smoking weed on the stairs again, can someone have a word',
  'In case of a power cut are we meant to ring you or the electricity board?',
  'Dear Sir, I am the caseworker for the local MP. A constituent asks how to apply for a housing transfer; could you send the forms?',
  // The customer's own apology for the hour is not the landlord being late.
  'hiya sorry to msg so late',
  'sorry to text so late, is the office open tomorrow?',
  "sorry it's so late but can i ask how much my rent is going up",
  // "من" is "from" too: a request that says where something comes from is not waiting.
  'من فضلك ارسلوا احد يصلح الحنفية',
  'ممكن ترسلون لي رسالة من المكتب عن موعد الصيانة؟',
];

describe('service-delivery dissatisfaction is offered a complaint', () => {
  it.each(offered)('%s', (text) => {
    const r = classify({ text });
    expect(r.kind).not.toBe('enquiry');
    expect(r.reasons.join(' ')).toMatch(/dissatisfaction|an MP or councillor|repeated failure/);
    if (/عفن|پھپھوندی|ਸਿੱਲ੍ਹ|ছত্রাক/.test(text)) expect(r.flags).toContain('damp_mould');
  });

  it.each(formal)('formal when repeated, long-running or raised by an elected member: %s', (text) => {
    expect(classify({ text }).kind).toBe('formal_complaint');
  });

  it('a vulnerable household a week without heat is an emergency and a complaint offer', () => {
    const r = classify({ text: 'no heating for a week, my daughter is 4 months old and nobody calls back' });
    expect(r.emergency).toBe(true);
    expect(r.hazard).toBe('no_heat_vulnerable');
    expect(r.kind).not.toBe('enquiry');
  });
});

describe('a chase within the normal timescale, a first report or a question stays an enquiry', () => {
  it.each(enquiries)('%s', (text) => {
    expect(classify({ text }).kind).toBe('enquiry');
  });

  it('a baby "3 months old" is an age, not how long the heating has been off', () => {
    const r = classify({ text: 'no heating, baby is 3 months old' });
    expect(r.emergency).toBe(true);
    expect(r.kind).toBe('enquiry');
  });

  it('"this can\'t go on" is about the situation, not a person at risk', () => {
    const r = classify({ text: 'three weeks with no hot water, this cant go on' });
    expect(r.flags).not.toContain('safeguarding');
    expect(r.hazards).not.toContain('person_at_risk');
  });
});

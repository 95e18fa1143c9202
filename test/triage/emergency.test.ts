import { describe, expect, it } from 'vitest';
import { classify } from '../../src/triage/classify.js';
import type { Hazard } from '../../src/triage/types.js';

/**
 * Emergency wording must never be missed (docs/rules/hazards.md#emergencies): each line here is a message a
 * customer could send, with the hazard that decides the safety advice they get.
 */
const emergencies: [string, Hazard][] = [
  // English, as people write it
  ['I can smell gas in the hallway', 'gas'],
  ['gas leek in the kitchen pls come', 'gas'],
  ['theres a really strong smel of gas by the cooker', 'gas'],
  ['carbon monoxide alarm is going off and my head is banging', 'carbon_monoxide'],
  ['the CO detector keeps beeping and flashing red', 'carbon_monoxide'],
  ['water is coming through the light fitting in the bathroom', 'water_electrics'],
  ['water pouring through the ceiling from the flat above', 'flooding'],
  ['sparks coming out of the socket when i plug anything in', 'sparks_burning'],
  ['burning smell from the fuse box', 'sparks_burning'],
  ['we have no power at all, the whole flat is dead', 'no_power'],
  ['raw sewage coming up in the bath', 'sewage'],
  ['our only toilet is blocked and overflowing', 'sewage'],
  ['we were burgled last night and the back door wont lock now', 'insecure_door'],
  ['no heating or hot water and my mum is 88', 'no_heat_vulnerable'],
  ['boiler broken, no heat, i have a newborn baby', 'no_heat_vulnerable'],
  ["haven't seen my neighbour for days, her curtains are still shut", 'person_at_risk'],
  ['my partner says he is going to kill me', 'person_at_risk'],
  ['the lift is broken and my husband is in a wheelchair, he is stuck on the 10th floor', 'trapped'],
  ['part of the ceiling has collapsed in the bedroom', 'structural'],
  ['there is a fire in the kitchen', 'fire'],
  // Polish
  ['Czuję gaz w łazience', 'gas'],
  ['czuc gaz na klatce', 'gas'],
  ['Czujnik czadu piszczy bez przerwy', 'carbon_monoxide'],
  ['Woda leci z sufitu na lampę', 'water_electrics'],
  ['Nie mamy prądu od rana', 'no_power'],
  ['Z gniazdka lecą iskry', 'sparks_burning'],
  ['Nie ma ogrzewania, a w domu jest małe dziecko', 'no_heat_vulnerable'],
  ['Włamanie w nocy, drzwi się nie zamykają', 'insecure_door'],
  ['Sąsiad grozi, że mnie zabije', 'person_at_risk'],
  // Welsh
  ['Mae arogl nwy yn y tŷ', 'gas'],
  ['Mae larwm carbon monocsid yn canu', 'carbon_monoxide'],
  ["Mae dŵr yn dod drwy'r golau", 'water_electrics'],
  ['Dim trydan yn y fflat', 'no_power'],
  ['Mae carthion yn y gegin', 'sewage'],
  ['Dim gwres ac mae gen i fabi', 'no_heat_vulnerable'],
  // Romanian
  ['Miroase a gaz în bucătărie', 'gas'],
  ['miroase a gaz in hol', 'gas'],
  ['Alarma de monoxid de carbon sună', 'carbon_monoxide'],
  ['Curge apă din tavan pe priză', 'water_electrics'],
  ['Nu avem curent deloc', 'no_power'],
  ['Ies scântei din priză', 'sparks_burning'],
  ['Nu avem căldură și avem un bebeluș', 'no_heat_vulnerable'],
  // Somali: the heating has not worked for two weeks, and my mother is 80.
  ['Salaan, kuleylka guriga ma shaqeynayo laba toddobaad. Hooyaday waa 80 jir', 'no_heat_vulnerable'],
  // An age typed in the digits of the customer's own script: Arabic "85" (٨٥), Bengali "85" (৮৫).
  ['لا توجد تدفئة ووالدتي عمرها ٨٥ سنة', 'no_heat_vulnerable'],
  ['হিটিং কাজ করছে না, আমার মায়ের বয়স ৮৫ বছর', 'no_heat_vulnerable'],
  // Other community languages
  ['گھر میں گیس کی بو آ رہی ہے', 'gas'],
  ['ਰਸੋਈ ਵਿੱਚ ਗੈਸ ਦੀ ਬਦਬੂ ਆ ਰਹੀ ਹੈ', 'gas'],
  ['رائحة غاز في الشقة', 'gas'],
  ['রান্নাঘরে গ্যাসের গন্ধ', 'gas'],
  ['Ur gaas ayaa ka imanaya guriga', 'gas'],
  ['家里有煤气味', 'gas'],
  ['حريق في البيت', 'fire'],
  ['厨房着火了', 'fire'],
  // No heat with a vulnerable person in every language (seed 001; issue 11)
  ['Mama are 80 de ani și nu are căldură', 'no_heat_vulnerable'],
  ['ਹੀਟਿੰਗ ਬੰਦ ਹੈ ਅਤੇ ਘਰ ਵਿੱਚ ਛੋਟਾ ਬੱਚਾ ਹੈ', 'no_heat_vulnerable'],
  ['গরম পানি নেই, আমার মা অসুস্থ', 'no_heat_vulnerable'],
  ['Kuleyl ma jiro, aabbahay waa oday buka', 'no_heat_vulnerable'],
  // A young child given by age, and the heating "broken" as people say it
  ['no heating and ive got a 2 year old', 'no_heat_vulnerable'],
  ['boiler packed up again, no hot water, me and my 3yo', 'no_heat_vulnerable'],
  ['ہیٹنگ خراب ہے اور میرا 2 سال کا بچہ ہے', 'no_heat_vulnerable'],
  ['ਹੀਟਿੰਗ ਖਰਾਬ ਹੈ ਅਤੇ ਮੇਰਾ 3 ਸਾਲ ਦਾ ਬੱਚਾ ਹੈ', 'no_heat_vulnerable'],
  ['হিটিং নষ্ট, আমার ২ বছরের বাচ্চা আছে', 'no_heat_vulnerable'],
  ['التدفئة معطلة وعندي طفل عمره سنتان', 'no_heat_vulnerable'],
  ['暖气不热，家里有个两岁的孩子', 'no_heat_vulnerable'],
  // Urdu and Punjabi typed in Latin letters
  ['ghar mein heating nahi hai aur meri ammi 80 saal ki hain', 'no_heat_vulnerable'],
  ['mera 2 saal ka baccha hai aur heating band hai', 'no_heat_vulnerable'],
];

describe('emergencies are never missed', () => {
  it.each(emergencies)('%s -> %s', (text, hazard) => {
    const r = classify({ text });
    expect(r.emergency).toBe(true);
    expect(r.hazards).toContain(hazard);
    expect(r.reasons.some((reason) => reason.includes(`emergency: ${hazard}`))).toBe(true);
  });

  it('gives gas the first place when a message has several hazards, so the gas advice is given', () => {
    const r = classify({ text: 'no power and I can smell gas in the kitchen' });
    expect(r.hazard).toBe('gas');
  });

  it('a stranger in the bin store who looks unwell is a person at risk, not a request', () => {
    const r = classify({ text: "there's a man sleeping in the bin store and he looks really unwell" });
    expect(r.hazards).toContain('person_at_risk');
  });

  it('flags a person at risk for safeguarding as well', () => {
    const r = classify({ text: "my neighbour is 90 and I haven't seen her for a week, her post is piling up" });
    expect(r.hazard).toBe('person_at_risk');
    expect(r.flags).toContain('safeguarding');
  });

  it('keeps an emergency when a customer also complains about it', () => {
    const r = classify({ text: 'I reported a gas smell 4 hours ago and nobody has come, this is a disgrace' });
    expect(r.emergency).toBe(true);
    expect(r.hazard).toBe('gas');
    expect(r.kind).not.toBe('enquiry');
  });
});

describe('emergency wording that is negated or past is not an emergency', () => {
  it.each([
    'no gas smell now, the engineer came and capped it',
    'there is no smell of gas any more',
    'When is my annual gas safety check?',
    'Can I have a carbon monoxide detector fitted?',
    'how do I pay my water and electric bills',
    'power is back on now, thanks',
    'the gas leak from last week has been fixed by the gas board',
    "we've got a gas fire in the lounge that needs a service",
    'dog poo all over the communal stairs again',
    // Nobody answering the landlord's phone is not someone who cannot come to the door
    'Chiria mi-a crescut fără nicio explicație și nimeni nu răspunde la telefon',
    // The age of a thing, not a child
    'no heating, the boiler is a 5 year old combi and keeps breaking down',
  ])('%s', (text) => {
    expect(classify({ text }).emergency).toBe(false);
  });

  it('still flags gas when the smell is back after the engineer', () => {
    expect(classify({ text: 'the engineer came yesterday but I can still smell gas' }).emergency).toBe(true);
  });
});

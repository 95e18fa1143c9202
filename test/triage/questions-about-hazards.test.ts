import { describe, expect, it } from 'vitest';
import { classify } from '../../src/triage/classify.js';
import type { Hazard } from '../../src/triage/types.js';

/**
 * A question about a hazard that has not happened is an enquiry, not an emergency (issue 11;
 * corpus/README.md). The same words told as happening now stay an emergency: when unsure,
 * triage errs towards the safety advice.
 */
const questions: [string, Hazard][] = [
  ['what do i do if the carbon monoxide alarm goes off?', 'carbon_monoxide'],
  ['who should I call if I ever smell gas', 'gas'],
  ['if theres a fire in the flats do we stay put or get out', 'fire'],
  ['what do we do if water comes through the ceiling when the office is shut', 'flooding'],
  ['in case of a gas leak is there a number to ring out of hours?', 'gas'],
  ['Co robić, jeśli poczuję gaz w nocy?', 'gas'],
  ['Pwy ddylwn i ffonio os bydd arogl nwy?', 'gas'],
  ['Pe cine sun dacă simt miros de gaz noaptea?', 'gas'],
  ['如果闻到煤气味应该怎么办？', 'gas'],
];

const happening: [string, Hazard][] = [
  ['what do i do my carbon monoxide alarm is going off', 'carbon_monoxide'],
  ['the CO alarm keeps beeping, what do I do if it does it again tonight?', 'carbon_monoxide'],
  ['I can smell gas, who should I call if it gets worse?', 'gas'],
  ['if I turn the hob on I smell gas, who do I call', 'gas'],
  ['What should I do if the CO alarm goes off? Its beeping now', 'carbon_monoxide'],
  ['what do i do if the smell of gas is getting stronger', 'gas'],
  ['Co zrobić, jeśli teraz czuję gaz?', 'gas'],
];

describe('a question about a hazard is an enquiry, with the hazard to advise on', () => {
  it.each(questions)('%s', (text, hazard) => {
    const r = classify({ text });
    expect(r.emergency).toBe(false);
    expect(r.hazards).toEqual([]);
    expect(r.kind).toBe('enquiry');
    expect(r.asksAbout).toContain(hazard);
    expect(r.reasons[0]).toMatch(/a question, not a report/);
  });
});

describe('the same words told as happening are an emergency', () => {
  it.each(happening)('%s', (text, hazard) => {
    const r = classify({ text });
    expect(r.emergency).toBe(true);
    expect(r.hazards).toContain(hazard);
    expect(r.asksAbout).not.toContain(hazard);
  });
});

it('hears gas told with a Polish perfective verb ("poczułam gaz")', () => {
  expect(classify({ text: 'Poczułam gaz na klatce schodowej' }).hazard).toBe('gas');
});

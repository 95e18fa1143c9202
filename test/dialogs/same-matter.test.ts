import { describe, expect, it } from 'vitest';
import { namesSameThing } from '../../dialogs/same-matter.js';

/**
 * Whether a request said after another names the same thing: the words that name it, not
 * "please", "someone" or "I have", in each language's way of writing ("وعفن" and "العفن" are
 * both mould; Chinese has no spaces).
 */
describe('the same thing, said again', () => {
  it.each([
    ['i just want someone to sort the mould out', 'theres black mould in my bedroom can someone come and look at it'],
    ['the boiler is still not working', 'my boilers broke'],
    ['ابغى يصلحون العفن', 'السلام عليكم، عندي رطوبة وعفن في غرفة النوم'],
    ['请尽快修暖气', '我家暖气坏了'],
    ['chce zeby ktos naprawil ten grzyb', 'mam grzyb w lazience'],
  ])('"%s" after "%s"', (again, first) => {
    expect(namesSameThing(again, first)).toBe(true);
  });

  it.each([
    ['also the kitchen tap is leaking', 'my boiler is broken, no heating'],
    ['can someone come today please', 'my boiler is broken'],
    ['عندي مشكلة في الحنفية', 'السلام عليكم، عندي رطوبة وعفن في غرفة النوم'],
    ['prosze o naprawe okna w kuchni', 'prosze naprawic drzwi wejsciowe'],
    ['我家厨房漏水了，请派人来看一下', '我家暖气坏了，请派人来看一下'],
  ])('"%s" after "%s" is something else', (other, first) => {
    expect(namesSameThing(other, first)).toBe(false);
  });
});

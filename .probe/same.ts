import { namesSameThing } from '/work/main/dialogs/same-matter.js';
const pairs: [string, string][] = [
  ['i just want someone to sort the mould out', 'theres black mould in my bedroom can someone come and look at it'],
  ['also the kitchen tap is leaking', 'my boiler is broken, no heating'],
  ['the boiler is still not working', 'my boilers broke'],
  ['ابغى يصلحون العفن', 'السلام عليكم، عندي رطوبة وعفن في غرفة النوم'],
  ['请尽快修暖气', '我家暖气坏了'],
  ['can someone come today please', 'my boiler is broken'],
  ['chce zeby ktos naprawil ten grzyb', 'mam grzyb w lazience'],
];
for (const [a, b] of pairs) console.log(namesSameThing(a, b), '|', a, '<>', b);
for (const [a, b] of [
  ['عندي مشكلة في الحنفية', 'السلام عليكم، عندي رطوبة وعفن في غرفة النوم'],
  ['prosze o naprawe okna w kuchni', 'prosze naprawic drzwi wejsciowe'],
  ['chce zeby ktos naprawil ten grzyb', 'mam grzyb w lazience'],
] as [string, string][]) console.log(namesSameThing(a, b), '|', a, '<>', b);

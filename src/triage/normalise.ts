/**
 * One canonical form of a message for the lexicon and the model: lower case, Latin
 * diacritics stripped (so "pękła" and "pekla", "înfundată" and "infundata" match alike,
 * as customers type both), apostrophes dropped ("can't" -> "cant"), sentence breaks kept
 * as " . " and commas as " , " so patterns never reach across sentences, and common SMS
 * shorthand and misspellings mapped to one spelling.
 */

/** Letters that NFD does not decompose. */
const LETTER_MAP: Record<string, string> = { ł: 'l', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe', đ: 'd', ı: 'i' };

/** Shorthand and misspellings seen in SMS and social posts, mapped to the word the lexicon uses. */
// prettier-ignore
const SHORTHAND: Record<string, string> = {
  cnt: 'cant', carnt: 'cant', dnt: 'dont', didnt: 'didnt', wnt: 'wont', nt: 'not', aint: 'isnt',
  u: 'you', ya: 'you', ur: 'your', yr: 'your', r: 'are',
  pls: 'please', plz: 'please', plse: 'please', plez: 'please', pleeease: 'please', pleaseee: 'please',
  hv: 'have', av: 'have', ave: 'have', wiv: 'with', wv: 'with', wid: 'with',
  b4: 'before', '2day': 'today', '2moro': 'tomorrow', '2morrow': 'tomorrow', tmrw: 'tomorrow', tmw: 'tomorrow',
  tomoz: 'tomorrow', '2nite': 'tonight', tonite: 'tonight', '2night': 'tonight',
  coz: 'because', cos: 'because', cuz: 'because', bc: 'because', bcos: 'because', becuz: 'because',
  thx: 'thanks', thnx: 'thanks', thanx: 'thanks', ty: 'thanks', tnx: 'thanks',
  ppl: 'people', msg: 'message', txt: 'text', agn: 'again', agen: 'again', againn: 'again',
  wat: 'what', wot: 'what', wen: 'when', wer: 'where', wk: 'week', wks: 'weeks', hrs: 'hours', hr: 'hour',
  mins: 'minutes', yrs: 'years', mnths: 'months', mths: 'months', tho: 'though', thru: 'through', nd: 'and',
  some1: 'someone', sum1: 'someone', any1: 'anyone', every1: 'everyone', no1: 'no one', noone: 'no one',
  nuthin: 'nothing', nothin: 'nothing', nuffin: 'nothing', nowt: 'nothing',
  smel: 'smell', smll: 'smell', smelln: 'smell', smellin: 'smelling', smelly: 'smelly',
  leek: 'leak', leeks: 'leaks', leeking: 'leaking', leekin: 'leaking', leakin: 'leaking', gass: 'gas',
  ceilin: 'ceiling', celing: 'ceiling', cieling: 'ceiling', cealing: 'ceiling', seiling: 'ceiling', celling: 'ceiling',
  mold: 'mould', moldy: 'mouldy', moud: 'mould', mouldd: 'mould',
  emergancy: 'emergency', emergncy: 'emergency', emergeny: 'emergency', emegency: 'emergency', emergecy: 'emergency',
  complant: 'complaint', compalint: 'complaint', complait: 'complaint', complaiant: 'complaint', complaintt: 'complaint',
  complane: 'complain', complian: 'complain', compliant: 'complaint',
  appoinment: 'appointment', apointment: 'appointment', appointmnt: 'appointment', appt: 'appointment',
  appointmet: 'appointment', apoinment: 'appointment', appoitment: 'appointment',
  engneer: 'engineer', enginer: 'engineer', enginner: 'engineer', engineeer: 'engineer', enginear: 'engineer',
  repear: 'repair', repiar: 'repair', reapir: 'repair',
  leccy: 'electric', lecky: 'electric', lekky: 'electric', electic: 'electric',
  electricty: 'electricity', electicity: 'electricity', electrisity: 'electricity', elecricity: 'electricity',
  hse: 'house', kitchin: 'kitchen', bathrom: 'bathroom', toliet: 'toilet', toilit: 'toilet',
  heatin: 'heating', watter: 'water', sewerage: 'sewage', brokn: 'broken', brocken: 'broken',
  waitin: 'waiting', comin: 'coming', comming: 'coming', doin: 'doing', gettin: 'getting', sparkin: 'sparking',
  burnin: 'burning', floodin: 'flooding', pourin: 'pouring', drippin: 'dripping', sayin: 'saying',
  recieved: 'received', disgustin: 'disgusting', discusting: 'disgusting', disgracefull: 'disgraceful',
  rediculous: 'ridiculous', ridiculus: 'ridiculous', unacceptible: 'unacceptable', definately: 'definitely',
};

// Tokens: a word (letters, digits or marks of any script, '*' for censored swearing, '£'),
// with apostrophes inside it dropped later ("can't" -> "cant"); a run of sentence breaks;
// a run of commas; a slash. Everything else separates tokens.
const TOKEN =
  /[\p{L}\p{N}\p{M}*£]+(?:['\u2019\u2018`\u00b4][\p{L}\p{N}\p{M}]+)*|[.!?;:\n\r\u3002\uff01\uff1f\u061f\u06d4\u0964]+|[,\u060c\uff0c\u3001]+|\//gu;
// The same for plain ASCII text, which most messages are: a cheaper expression.
const ASCII_TOKEN = /[a-z0-9*]+(?:['`][a-z0-9]+)*|[.!?;:\n\r]+|,+|\//g;
const APOSTROPHES = /['\u2019\u2018`\u00b4]/gu;
const NON_ASCII = /[^\x00-\x7f]/;
const BREAKS = new Set('.!?;:\n\r\u3002\uff01\uff1f\u061f\u06d4\u0964');
const COMMAS = new Set(',\u060c\uff0c\u3001');

export function normalise(text: string): string {
  let s = text.toLowerCase();
  const ascii = !NON_ASCII.test(s);
  if (!ascii) {
    // Strip diacritics from Latin letters only: Bengali and Gurmukhi vowel signs are marks too.
    s = s
      .normalize('NFD')
      .replace(/(?<=\p{Script=Latin})\p{M}+/gu, '')
      .normalize('NFC');
    s = s.replace(/[łøßæœđı]/g, (c) => LETTER_MAP[c] ?? c);
  }
  const tokens = s.match(ascii ? ASCII_TOKEN : TOKEN) ?? [];
  const out: string[] = [];
  for (const raw of tokens) {
    const first = raw[0] as string;
    let token: string;
    if (BREAKS.has(first)) token = '.';
    else if (COMMAS.has(first)) token = ',';
    else if (raw === '/') token = '/';
    else {
      const word = ascii && !raw.includes("'") && !raw.includes('`') ? raw : raw.replace(APOSTROPHES, '');
      token = SHORTHAND[word] ?? word;
    }
    // "!!!" or ". ." collapse to one break.
    if ((token === '.' || token === ',') && out[out.length - 1] === token) continue;
    out.push(token);
  }
  return out.join(' ');
}

/** Words of a normalised text, without the punctuation tokens. */
export function words(norm: string): string[] {
  return norm.split(' ').filter((w) => w !== '.' && w !== ',' && w !== '/' && w !== '');
}

/** Sentences of a normalised text (split on the " . " that normalise() leaves). */
export function sentences(norm: string): string[] {
  return norm
    .split(' . ')
    .map((x) => x.replace(/^\. |^\.$| \.$/g, '').trim())
    .filter((x) => x !== '');
}

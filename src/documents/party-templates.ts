import { ombudsmanIds } from '../nations/ombudsman.js';
import type { EscalationBody, PolicyPack } from '../policy/index.js';
import type { Block, DocumentContent } from './blocks.js';
import type { LetterFacts } from './kinds.js';
import type { Wording } from './wording.js';

/**
 * The refusal and contact-restriction letters (issue 15 items 4 and 9). Their words are in
 * locales/<lang>/parties.json (`parties:` keys); the shared letter parts in documents.json.
 */
interface PartyTemplateInput {
  wording: Wording;
  pack: PolicyPack;
  issuedAt: Date;
  facts?: LetterFacts;
}

function head(w: Wording, issuedAt: Date, facts: LetterFacts): Block[] {
  return [
    {
      type: 'facts',
      rows: [
        { label: w.t('common.reference'), value: facts.reference },
        { label: w.t('common.date'), value: w.date(issuedAt) },
      ],
    },
    {
      type: 'paragraph',
      text: facts.customerName ? w.t('common.dear', { name: facts.customerName }) : w.t('common.dearCustomer'),
    },
  ];
}

function foot(w: Wording): Block[] {
  return [
    { type: 'paragraph', text: w.t('common.contactUs') },
    { type: 'paragraph', text: w.t('common.otherFormats') },
    { type: 'paragraph', text: `${w.t('common.signOff')}\n${w.t('common.signature')}` },
  ];
}

/** The contact details of the ombudsman of the customer's nation (docs/rules/nations.md#which-ombudsman). */
function ombudsmanRows(w: Wording, pack: PolicyPack, facts: LetterFacts): { label: string; value: string }[] {
  const b: EscalationBody | undefined =
    pack.escalationBodies.find((e) => e.id === ombudsmanIds[facts.nation ?? 'england']) ??
    pack.escalationBodies.find((e) => e.id === 'housing_ombudsman');
  if (!b) return [];
  const rows: { label: string; value: string }[] = [];
  if (b.phone) rows.push({ label: w.t('contact.phone'), value: b.phone });
  if (b.email) rows.push({ label: w.t('contact.email'), value: b.email });
  if (b.website) rows.push({ label: w.t('contact.website'), value: b.website });
  return rows;
}

function frame(w: Wording, title: string, blocks: Block[]): DocumentContent {
  return { lang: w.tag, dir: w.dir, from: w.t('common.from'), title, blocks };
}

/** Code 2024 2.1-2.4: the reason, our reasoning, and the right to take the decision to the Ombudsman. */
export function refusalNotice(input: PartyTemplateInput): DocumentContent {
  const { wording: w, pack } = input;
  const facts = input.facts;
  const refusal = facts?.refusal;
  if (!facts || !refusal) throw new Error('a refusal notice needs the reason and the reasoning (Code 2024 2.1-2.4)');
  const blocks: Block[] = [
    ...head(w, input.issuedAt, facts),
    { type: 'paragraph', text: w.t('parties:refusalLetter.intro', { received: w.date(facts.receivedAt) }) },
    { type: 'heading', text: w.t('parties:refusalLetter.why') },
    { type: 'paragraph', text: w.t(`complaintsProcedure.refusal.${refusal.reason}`) },
    { type: 'quote', text: refusal.explanation },
    { type: 'heading', text: w.t('parties:refusalLetter.ombudsman') },
    { type: 'paragraph', text: w.t('parties:refusalLetter.ombudsmanText') },
    { type: 'facts', rows: ombudsmanRows(w, pack, facts) },
    ...foot(w),
  ];
  return frame(w, w.t('parties:refusalLetter.title'), blocks);
}

/** seed 004: the reason, the arrangement, the review date; still able to complain and to reach us. */
export function restrictionNotice(input: PartyTemplateInput): DocumentContent {
  const { wording: w, pack } = input;
  const facts = input.facts;
  const restriction = facts?.restriction;
  if (!facts || !restriction) throw new Error('a restriction notice needs the reason, arrangement and review date');
  const blocks: Block[] = [
    ...head(w, input.issuedAt, facts),
    { type: 'paragraph', text: w.t('parties:restrictionLetter.intro') },
    { type: 'heading', text: w.t('parties:restrictionLetter.why') },
    { type: 'quote', text: restriction.reason },
    { type: 'heading', text: w.t('parties:restrictionLetter.arrangement') },
    { type: 'paragraph', text: w.t(`parties:arrangements.${restriction.arrangement}`) },
    ...(restriction.detail ? [{ type: 'quote' as const, text: restriction.detail }] : []),
    { type: 'heading', text: w.t('parties:restrictionLetter.review') },
    { type: 'paragraph', text: w.t('parties:restrictionLetter.reviewText', { date: w.date(restriction.reviewAt) }) },
    { type: 'paragraph', text: w.t('parties:restrictionLetter.rights') },
    { type: 'facts', rows: ombudsmanRows(w, pack, facts) },
    ...foot(w),
  ];
  return frame(w, w.t('parties:restrictionLetter.title'), blocks);
}

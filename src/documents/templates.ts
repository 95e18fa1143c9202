import { ombudsmanIds } from '../nations/ombudsman.js';
import type { EscalationBody, PolicyPack } from '../policy/index.js';
import type { Block, DocumentContent } from './blocks.js';
import type { DocumentKind, LetterFacts } from './kinds.js';
import type { Wording } from './wording.js';
import { refusalNotice, restrictionNotice } from './party-templates.js';

/**
 * One template per document: data in, blocks out. Every word comes from
 * locales/<lang>/documents.json; every number from the policy pack; customer and staff
 * words go in as they were written (quote blocks), never through a translation string.
 */

export interface TemplateInput {
  wording: Wording;
  pack: PolicyPack;
  /** When the document was issued: its date line. */
  issuedAt: Date;
  /** A case letter's facts; information documents have none. */
  facts?: LetterFacts;
}

/** The Information Commissioner's Office, for the privacy notice (ico.org.uk, "Contact us"). */
const ico = { phone: '0303 123 1113', website: 'ico.org.uk' } as const;

/** A letter quotes the customer's words, but a very long message is cut rather than filling pages. */
const quoteLimit = 1500;

function quoted(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length <= quoteLimit) return trimmed;
  const cut = trimmed.slice(0, quoteLimit);
  const space = cut.lastIndexOf(' ');
  return `${(space > quoteLimit * 0.8 ? cut.slice(0, space) : cut).trimEnd()} …`;
}

function body(pack: PolicyPack, id: EscalationBody['id']): EscalationBody | undefined {
  return pack.escalationBodies.find((b) => b.id === id);
}

/** The ombudsman of the customer's nation (docs/rules/nations.md#which-ombudsman); England's for information documents. */
function ombudsmanOf(input: TemplateInput): EscalationBody | undefined {
  return body(input.pack, ombudsmanIds[input.facts?.nation ?? 'england']) ?? body(input.pack, 'housing_ombudsman');
}

/** An escalation body's phone, email and website, labelled, for a facts block. */
function contactRows(w: Wording, b: EscalationBody | undefined): { label: string; value: string }[] {
  if (!b) return [];
  const rows: { label: string; value: string }[] = [];
  if (b.phone) rows.push({ label: w.t('contact.phone'), value: b.phone });
  if (b.email) rows.push({ label: w.t('contact.email'), value: b.email });
  if (b.website) rows.push({ label: w.t('contact.website'), value: b.website });
  return rows;
}

function contactLine(b: EscalationBody | undefined): string {
  return [b?.phone, b?.website].filter((p): p is string => typeof p === 'string').join(', ');
}

function requireFacts(kind: DocumentKind, facts: LetterFacts | undefined): LetterFacts {
  if (!facts) throw new Error(`a ${kind} is a case letter: it needs the case's facts`);
  return facts;
}

/** Reference and date, then the greeting: the top of every case letter. */
function letterHead(input: TemplateInput, facts: LetterFacts): Block[] {
  const { wording: w, issuedAt } = input;
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

/** Questions, formats and the sign-off: the foot of every case letter. */
function letterFoot(w: Wording): Block[] {
  return [
    { type: 'paragraph', text: w.t('common.contactUs') },
    { type: 'paragraph', text: w.t('common.otherFormats') },
    { type: 'paragraph', text: `${w.t('common.signOff')}\n${w.t('common.signature')}` },
  ];
}

function stageNumber(facts: LetterFacts): string {
  return facts.stage === 'stage2' ? '2' : '1';
}

function acknowledgement(input: TemplateInput): DocumentContent {
  const { wording: w } = input;
  const facts = requireFacts('acknowledgement', input.facts);
  const stage2 = facts.stage === 'stage2';
  const ombudsman = ombudsmanOf(input);
  const blocks: Block[] = [
    ...letterHead(input, facts),
    {
      type: 'paragraph',
      text: stage2
        ? w.t('acknowledgement.introStage2')
        : w.t('acknowledgement.intro', { received: w.date(facts.receivedAt) }),
    },
  ];
  if (!stage2 && facts.customerWords.trim() !== '') {
    blocks.push(
      { type: 'heading', text: w.t('acknowledgement.youToldUs') },
      { type: 'quote', text: quoted(facts.customerWords) },
    );
  }
  if (!stage2 && facts.desiredOutcome && facts.desiredOutcome.trim() !== '') {
    blocks.push(
      { type: 'heading', text: w.t('acknowledgement.youWant') },
      { type: 'quote', text: quoted(facts.desiredOutcome) },
    );
  }
  blocks.push(
    { type: 'heading', text: w.t('acknowledgement.next') },
    {
      type: 'paragraph',
      text: facts.responseDueAt
        ? w.t('acknowledgement.nextText', { date: w.date(facts.responseDueAt) })
        : w.t('acknowledgement.nextUndated'),
    },
    { type: 'heading', text: w.t('acknowledgement.advice') },
    { type: 'paragraph', text: w.t('acknowledgement.adviceText') },
    { type: 'facts', rows: contactRows(w, ombudsman) },
    ...letterFoot(w),
  );
  return { ...docFrame(w), title: stage2 ? w.t('acknowledgement.titleStage2') : w.t('acknowledgement.title'), blocks };
}

/** The five parts every complaint response has (docs/rules/responses.md#response-contents). */
function responseParts(w: Wording, facts: LetterFacts, kind: DocumentKind): Block[] {
  const response = facts.response;
  if (!response)
    throw new Error(`a ${kind} needs the response: outcome, reasons, remedy, outstanding actions and changes`);
  return [
    { type: 'heading', text: w.t('response.decision') },
    { type: 'paragraph', text: w.t(`outcomes.${response.outcome}`) },
    { type: 'heading', text: w.t('response.reasons') },
    { type: 'quote', text: response.reasons },
    { type: 'heading', text: w.t('response.remedy') },
    { type: 'quote', text: response.remedy },
    { type: 'heading', text: w.t('response.outstanding') },
    { type: 'quote', text: response.outstanding },
    { type: 'heading', text: w.t('response.changes') },
    { type: 'quote', text: response.changes },
  ];
}

function stage1Response(input: TemplateInput): DocumentContent {
  const { wording: w, pack } = input;
  const facts = requireFacts('stage1_response', input.facts);
  const stage2 = pack.complaints.stage2;
  const window = stage2.requestWindow ? w.duration('months', stage2.requestWindow.calendarMonths) : null;
  const blocks: Block[] = [
    ...letterHead(input, facts),
    { type: 'paragraph', text: w.t('response.intro', { stage: '1', received: w.date(facts.receivedAt) }) },
    ...responseParts(w, facts, 'stage1_response'),
    { type: 'heading', text: w.t('response.unhappy') },
    { type: 'paragraph', text: w.t('stage1Response.escalate') },
    // Code 2024: no window and no reasons needed; seed 004: in writing, within a month, with reasons.
    {
      type: 'paragraph',
      text: window ? w.t('stage1Response.howToAskWithin', { window }) : w.t('stage1Response.howToAsk'),
    },
    {
      type: 'paragraph',
      text: stage2.customerMustGiveReasons
        ? w.t('stage1Response.reasonsRequired')
        : w.t('stage1Response.reasonsOptional'),
    },
    { type: 'paragraph', text: w.t('stage1Response.ombudsman') },
    { type: 'facts', rows: contactRows(w, ombudsmanOf(input)) },
    ...letterFoot(w),
  ];
  return { ...docFrame(w), title: w.t('stage1Response.title'), blocks };
}

function stage2Response(input: TemplateInput): DocumentContent {
  const { wording: w, pack } = input;
  const facts = requireFacts('stage2_response', input.facts);
  const others: string[] = [];
  const financial = body(pack, 'financial_ombudsman');
  const care = body(pack, 'care_quality_commission');
  if (financial) others.push(w.t('stage2Response.financial', { contact: contactLine(financial) }));
  if (care) others.push(w.t('stage2Response.care', { contact: contactLine(care) }));
  const blocks: Block[] = [
    ...letterHead(input, facts),
    { type: 'paragraph', text: w.t('response.intro', { stage: '2', received: w.date(facts.receivedAt) }) },
    ...responseParts(w, facts, 'stage2_response'),
    { type: 'heading', text: w.t('response.unhappy') },
    // After stage 2: the Ombudsman, a designated person, and for some services other bodies (seed 004).
    { type: 'paragraph', text: w.t('stage2Response.final') },
    { type: 'facts', rows: contactRows(w, ombudsmanOf(input)) },
    ...(body(pack, 'designated_person')
      ? [{ type: 'paragraph', text: w.t('stage2Response.designated') } as const]
      : []),
    ...(others.length > 0 && w.format !== 'easy_read'
      ? [{ type: 'heading', text: w.t('stage2Response.others') } as const, { type: 'list', items: others } as const]
      : []),
    ...letterFoot(w),
  ];
  return { ...docFrame(w), title: w.t('stage2Response.title'), blocks };
}

function extensionNotice(input: TemplateInput): DocumentContent {
  const { wording: w, pack } = input;
  const facts = requireFacts('extension_notice', input.facts);
  const extension = facts.extension;
  if (!extension) throw new Error('an extension notice needs the reason and the new date (Code 2024 6.5/6.16)');
  const blocks: Block[] = [
    ...letterHead(input, facts),
    { type: 'paragraph', text: w.t('extension.intro', { stage: stageNumber(facts) }) },
    { type: 'heading', text: w.t('extension.why') },
    { type: 'quote', text: extension.reason },
    { type: 'heading', text: w.t('extension.newDate') },
    {
      type: 'paragraph',
      text: extension.previousDueAt
        ? w.t('extension.newDateText', { date: w.date(extension.newDueAt), previous: w.date(extension.previousDueAt) })
        : w.t('extension.newDateOnly', { date: w.date(extension.newDueAt) }),
    },
    // The Ombudsman's details go with every extension (Code 2024 6.5/6.16; docs/rules/responses.md#extension-notice).
    { type: 'heading', text: w.t('extension.unhappy') },
    { type: 'paragraph', text: w.t('extension.ombudsman') },
    { type: 'facts', rows: contactRows(w, ombudsmanOf(input)) },
    ...letterFoot(w),
  ];
  return { ...docFrame(w), title: w.t('extension.title'), blocks };
}

function ftfConfirmation(input: TemplateInput): DocumentContent {
  const { wording: w } = input;
  const facts = requireFacts('ftf_confirmation', input.facts);
  const fix =
    facts.fix ?? (facts.response ? { remedy: facts.response.remedy, outstanding: facts.response.outstanding } : {});
  const blocks: Block[] = [
    ...letterHead(input, facts),
    { type: 'paragraph', text: w.t('ftf.intro', { received: w.date(facts.receivedAt) }) },
    { type: 'heading', text: w.t('ftf.whatWeDid') },
    fix.remedy ? { type: 'quote', text: fix.remedy } : { type: 'paragraph', text: w.t('ftf.whatWeDidDefault') },
  ];
  if (fix.outstanding)
    blocks.push({ type: 'heading', text: w.t('ftf.stillToDo') }, { type: 'quote', text: fix.outstanding });
  // Code 1.3 / seed 004: a fix that did not work becomes a complaint when the customer says so.
  blocks.push(
    { type: 'heading', text: w.t('ftf.notRight') },
    { type: 'paragraph', text: w.t('ftf.notRightText') },
    ...letterFoot(w),
  );
  return { ...docFrame(w), title: w.t('ftf.title'), blocks };
}

function complaintsProcedure(input: TemplateInput): DocumentContent {
  const { wording: w, pack } = input;
  const { stage1, stage2, firstTimeFix, refusalReasons } = pack.complaints;
  const wd = (n: number) => w.duration('workingDays', n);
  const blocks: Block[] = [
    { type: 'heading', text: w.t('complaintsProcedure.whatIs') },
    { type: 'paragraph', text: w.t('complaintsProcedure.whatIsText') },
    { type: 'heading', text: w.t('complaintsProcedure.how') },
    {
      type: 'list',
      items: [
        w.t('complaintsProcedure.howChat'),
        w.t('complaintsProcedure.howPhone'),
        w.t('complaintsProcedure.howWrite'),
      ],
    },
    // seed 004: a representative may act for the customer, with the customer's consent.
    { type: 'paragraph', text: w.t('complaintsProcedure.someoneElse') },
    { type: 'heading', text: w.t('complaintsProcedure.quickFix') },
    {
      type: 'paragraph',
      text: w.t('complaintsProcedure.quickFixText', { time: wd(firstTimeFix.resolve.workingDays) }),
    },
    { type: 'heading', text: w.t('complaintsProcedure.stage1') },
    {
      type: 'paragraph',
      text: w.t('complaintsProcedure.stage1Text', {
        ack: wd(stage1.acknowledge.workingDays),
        response: wd(stage1.respondAfterAcknowledgement.workingDays),
      }),
    },
    {
      type: 'paragraph',
      text: w.t('complaintsProcedure.extensionText', { time: wd(stage1.extensionCap.workingDays) }),
    },
    { type: 'heading', text: w.t('complaintsProcedure.stage2') },
    {
      type: 'paragraph',
      text: w.t('complaintsProcedure.stage2Text', {
        ack: wd(stage2.acknowledge.workingDays),
        response: wd(stage2.respondAfterAcknowledgement.workingDays),
      }),
    },
  ];
  if (stage2.requestWindow) {
    blocks.push({
      type: 'paragraph',
      text: w.t('complaintsProcedure.stage2Window', {
        window: w.duration('months', stage2.requestWindow.calendarMonths),
      }),
    });
  }
  blocks.push(
    { type: 'heading', text: w.t('complaintsProcedure.ombudsman') },
    { type: 'paragraph', text: w.t('complaintsProcedure.ombudsmanText') },
    { type: 'facts', rows: contactRows(w, ombudsmanOf(input)) },
    // Code 2024 2.1-2.3: a complaint may be refused only for these recorded reasons.
    { type: 'heading', text: w.t('complaintsProcedure.refuse') },
    { type: 'paragraph', text: w.t('complaintsProcedure.refuseText') },
    { type: 'list', items: refusalReasons.map((r) => w.t(`complaintsProcedure.refusal.${r.id}`)) },
    { type: 'paragraph', text: w.t('common.workingDays') },
    { type: 'paragraph', text: w.t('common.otherFormats') },
  );
  return { ...docFrame(w), title: w.t('complaintsProcedure.title'), blocks };
}

function serviceStandards(input: TemplateInput): DocumentContent {
  const { wording: w, pack } = input;
  const s = pack.serviceStandards;
  const time = (id: keyof typeof s): string => {
    const standard = s[id];
    return 'hours' in standard ? w.duration('hours', standard.hours) : w.duration('workingDays', standard.workingDays);
  };
  const { stage1, stage2 } = pack.complaints;
  const wd = (n: number) => w.duration('workingDays', n);
  // seeds 001 and 002: the landlord's service standards, in the pack.
  const blocks: Block[] = [
    { type: 'paragraph', text: w.t('serviceStandards.intro') },
    { type: 'heading', text: w.t('serviceStandards.replies') },
    {
      type: 'list',
      items: [
        w.t('serviceStandards.phoneMessage', { time: time('phone_message') }),
        w.t('serviceStandards.email', { time: time('email'), urgent: time('email_urgent') }),
        w.t('serviceStandards.letter', { time: time('letter') }),
      ],
    },
    { type: 'heading', text: w.t('serviceStandards.repairs') },
    {
      type: 'list',
      items: [
        w.t('serviceStandards.repairEmergency', { time: time('repair_emergency') }),
        w.t('serviceStandards.repairUrgent', { time: time('repair_urgent') }),
        w.t('serviceStandards.repairRoutine', { time: time('repair_routine') }),
      ],
    },
    { type: 'heading', text: w.t('serviceStandards.asb') },
    {
      type: 'paragraph',
      text: w.t('serviceStandards.asbReport', { time: time('asb_report'), urgent: time('asb_report_urgent') }),
    },
    { type: 'heading', text: w.t('serviceStandards.complaints') },
    {
      type: 'paragraph',
      text: w.t('serviceStandards.complaintsText', {
        ack: wd(stage1.acknowledge.workingDays),
        response: wd(stage1.respondAfterAcknowledgement.workingDays),
        stage2: wd(stage2.respondAfterAcknowledgement.workingDays),
      }),
    },
    { type: 'heading', text: w.t('serviceStandards.formats') },
    { type: 'paragraph', text: w.t('serviceStandards.formatsText') },
    { type: 'paragraph', text: w.t('common.workingDays') },
  ];
  return { ...docFrame(w), title: w.t('serviceStandards.title'), blocks };
}

function privacyNotice(input: TemplateInput): DocumentContent {
  const { wording: w, pack } = input;
  const retention = pack.dataProtection.retention;
  // docs/rules/data-protection.md#privacy-notice (UK GDPR / DPA 2018): what is recorded and why, who sees it, how long, the customer's rights.
  const blocks: Block[] = [
    { type: 'paragraph', text: w.t('privacy.intro') },
    { type: 'heading', text: w.t('privacy.what') },
    {
      type: 'list',
      items: [w.t('privacy.whatName'), w.t('privacy.whatSaid'), w.t('privacy.whatPrefs'), w.t('privacy.whatConsents')],
    },
    { type: 'heading', text: w.t('privacy.why') },
    { type: 'paragraph', text: w.t('privacy.whyText') },
    // The lawful basis as the pack sets it (docs/rules/data-protection.md#lawful-basis): not consent.
    { type: 'paragraph', text: w.t('privacy.whyBasis') },
    { type: 'heading', text: w.t('privacy.who') },
    { type: 'paragraph', text: w.t('privacy.whoText') },
    { type: 'heading', text: w.t('privacy.howLong') },
    { type: 'paragraph', text: w.t('privacy.howLongText') },
    // The pack's retention schedule, as the retention job applies it (src/data-protection/retention.ts).
    {
      type: 'paragraph',
      text: w.t('privacy.howLongPeriods', {
        complaintYears: String(Math.round(retention.formal_complaint.months / 12)),
        enquiryYears: String(Math.round(retention.enquiry.months / 12)),
        chatMonths: String(retention.conversation_without_case.months),
      }),
    },
    { type: 'heading', text: w.t('privacy.rights') },
    {
      type: 'list',
      items: [
        w.t('privacy.rightSee'),
        w.t('privacy.rightCorrect'),
        w.t('privacy.rightDelete'),
        w.t('privacy.rightWithdraw'),
        w.t('privacy.rightComplain', { icoPhone: ico.phone, icoWebsite: ico.website }),
      ],
    },
    { type: 'paragraph', text: w.t('privacy.full', { version: pack.consentWording.privacyNotice }) },
    { type: 'paragraph', text: w.t('common.otherFormats') },
  ];
  return { ...docFrame(w), title: w.t('privacy.title'), blocks };
}

function docFrame(w: Wording): Pick<DocumentContent, 'lang' | 'dir' | 'from'> {
  return { lang: w.tag, dir: w.dir, from: w.t('common.from') };
}

const templates: Record<DocumentKind, (input: TemplateInput) => DocumentContent> = {
  acknowledgement,
  stage1_response: stage1Response,
  stage2_response: stage2Response,
  extension_notice: extensionNotice,
  ftf_confirmation: ftfConfirmation,
  refusal_notice: refusalNotice,
  restriction_notice: restrictionNotice,
  complaints_procedure: complaintsProcedure,
  service_standards: serviceStandards,
  privacy_notice: privacyNotice,
};

/** The blocks of a document of a kind, in the wording's language and format. */
export function buildDocument(kind: DocumentKind, input: TemplateInput): DocumentContent {
  return templates[kind](input);
}

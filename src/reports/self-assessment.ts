import type { PolicyPack } from '../policy/index.js';
import type { ComplaintsReport, SelfAssessmentItem } from './report-types.js';

export type { SelfAssessmentItem } from './report-types.js';

/**
 * A draft of the Code's annual self-assessment (docs/rules/reporting.md#annual-complaints-report):
 * for each provision the gateway enforces, how it does, and the year's evidence from the record.
 * Every row is a draft for the landlord to confirm or correct; nothing here says "compliant".
 */

type Figures = Omit<ComplaintsReport, 'selfAssessment'>;

function ofWhich(part: number, whole: number, what: string): string {
  return whole === 0 ? `No ${what} in the period.` : `${fmt(part)} of ${fmt(whole)} ${what}`;
}

function fmt(n: number): string {
  return n.toLocaleString('en-GB');
}

export function selfAssessment(r: Figures, pack: PolicyPack): SelfAssessmentItem[] {
  const c = pack.complaints;
  const ack1 = r.acknowledgements.stage1;
  const ack2 = r.acknowledgements.stage2;
  const row = (provision: string, requirement: string, howEnforced: string, evidence: string): SelfAssessmentItem => ({
    provision,
    requirement,
    howEnforced,
    evidence,
    status: 'to_confirm',
  });
  return [
    row(
      '2.1–2.4',
      'Accept a complaint unless there is a valid reason not to; explain a refusal and the right to go to the Ombudsman.',
      `The bot never refuses a complaint; only a colleague can, with one of the pack's ${c.refusalReasons.length} reasons, and the letter gives the reason and the Ombudsman's details.`,
      r.refusals.total === 0
        ? 'No complaints refused in the period.'
        : `${fmt(r.refusals.total)} complaints refused: ${r.refusals.byReason.map((x) => `${x.description} (${fmt(x.count)})`).join('; ')}.`,
    ),
    row(
      '5.2–5.3',
      'No extra stage before stage 1; a service request the customer is unhappy with is offered as a complaint.',
      'A first-time fix is a service request with the complaint offer recorded; unresolved by its due date it becomes a stage 1 complaint on its own.',
      `${ofWhich(r.firstTimeResolution.putRightInTime, r.firstTimeResolution.concluded, 'first-time fixes concluded were put right in time')}${r.firstTimeResolution.concluded === 0 ? '' : '; the rest became complaints or were late.'}`,
    ),
    row(
      '6.2',
      `Acknowledge a stage 1 complaint within ${c.stage1.acknowledge.workingDays} working days of receipt.`,
      'A clock starts at receipt; staff are reminded before it is due and alerted when it is missed.',
      `${ofWhich(ack1.onTime, ack1.concluded, `stage 1 complaints acknowledged within ${c.stage1.acknowledge.workingDays} working days`)}${ack1.concluded === 0 ? '' : '.'}`,
    ),
    row(
      '6.3–6.4',
      `Respond at stage 1 within ${c.stage1.respondAfterAcknowledgement.workingDays} working days of acknowledgement; extend by no more than ${c.stage1.extensionCap.workingDays} with a reason.`,
      'The response clock runs from the acknowledgement; an extension needs a reason and is refused beyond the cap.',
      `${ofWhich(r.ch02.stage1WithinTimescale, r.ch02.stage1Responded, 'stage 1 responses were within the timescale')}${r.ch02.stage1Responded === 0 ? '' : `; ${fmt(r.ch02.stage1Extended)} had been extended, ${fmt(r.ch02.stage1ExtendedBeyondCap)} beyond the cap.`}`,
    ),
    row(
      '6.5, 6.16',
      "Tell the resident the reason for an extension, the new date and the Ombudsman's details.",
      "Every extension sends the customer a message and a letter with the reason, the new date and the Ombudsman's contact details.",
      `${fmt(r.ch02.stage1Extended + r.ch02.stage2Extended)} responses in the period had been extended, each with the notice sent when it was.`,
    ),
    row(
      '6.11',
      `Acknowledge a stage 2 request within ${c.stage2.acknowledge.workingDays} working days.`,
      'A clock starts at the request; the case goes to senior managers unclaimed.',
      `${ofWhich(ack2.onTime, ack2.concluded, `stage 2 requests acknowledged within ${c.stage2.acknowledge.workingDays} working days`)}${ack2.concluded === 0 ? '' : '.'}`,
    ),
    row(
      '6.13',
      'The stage 2 handler is not the person who handled stage 1.',
      'Staff tools refuse stage 2 to the stage 1 handler.',
      r.stage2Independence.responded === 0
        ? 'No stage 2 responses in the period.'
        : `${fmt(r.stage2Independence.independent)} of ${fmt(r.stage2Independence.responded)} stage 2 responses by a different handler (${fmt(r.stage2Independence.unknown)} with a handler not recorded).`,
    ),
    row(
      '6.14–6.15',
      `Respond at stage 2 within ${c.stage2.respondAfterAcknowledgement.workingDays} working days of acknowledgement; extend by no more than ${c.stage2.extensionCap.workingDays} with a reason.`,
      'As at stage 1.',
      `${ofWhich(r.ch02.stage2WithinTimescale, r.ch02.stage2Responded, 'stage 2 responses were within the timescale')}${r.ch02.stage2Responded === 0 ? '' : `; ${fmt(r.ch02.stage2Extended)} had been extended, ${fmt(r.ch02.stage2ExtendedBeyondCap)} beyond the cap.`}`,
    ),
    row(
      '8.1',
      'Publish an annual complaints performance and service improvement report with the self-assessment.',
      'This report: the figures are computed from the case record; the qualitative sections are for the landlord to write.',
      `${fmt(r.ch01.stage1Received)} stage 1 and ${fmt(r.ch01.stage2Received)} stage 2 complaints received; ${fmt(r.satisfaction.answered)} satisfaction surveys answered.`,
    ),
  ];
}

import type { RemedyTally, Stage2HandlerCounts } from '../db/report-measures.js';

/** What the report holds (the JSON of `npm run -s report`, docs/contracts.md#report); built in measures.ts. */

/** A draft row of the Code's self-assessment, for the landlord to confirm. */
export interface SelfAssessmentItem {
  provision: string;
  requirement: string;
  howEnforced: string;
  evidence: string;
  status: 'to_confirm';
}

export interface ClockMeasure {
  clock: string;
  label: string;
  concluded: number;
  metOnTime: number;
  metLate: number;
  missed: number;
  percentOnTime: number | null;
  extended: number;
  extendedBeyondCap: number;
  byChannel: { channelId: string; concluded: number; metOnTime: number; percentOnTime: number | null }[];
}

export interface ComplaintsReport {
  period: { from: string; to: string; timeZone: 'Europe/London' };
  homes: number;
  policyPack: string;
  generatedAt: string;
  ch01: {
    stage1Received: number;
    stage2Received: number;
    stage1PerThousandHomes: number;
    stage2PerThousandHomes: number;
  };
  ch02: {
    stage1Responded: number;
    stage1WithinTimescale: number;
    stage1Percent: number | null;
    stage2Responded: number;
    stage2WithinTimescale: number;
    stage2Percent: number | null;
    /** Responses that had been extended, and those extended beyond the pack's cap (not within timescale unless met by the original date). */
    stage1Extended: number;
    stage1ExtendedBeyondCap: number;
    stage2Extended: number;
    stage2ExtendedBeyondCap: number;
    extensionCapWorkingDays: { stage1: number; stage2: number };
  };
  acknowledgements: {
    stage1: { concluded: number; onTime: number; percent: number | null };
    stage2: { concluded: number; onTime: number; percent: number | null };
  };
  firstTimeResolution: { concluded: number; putRightInTime: number; percent: number | null };
  channelMix: {
    channels: {
      channelId: string;
      label: string;
      online: boolean;
      cases: number;
      casesPercent: number | null;
      inboundMessages: number;
      inboundMessagesPercent: number | null;
    }[];
    online: {
      cases: number;
      casesPercent: number | null;
      inboundMessages: number;
      inboundMessagesPercent: number | null;
    };
    offline: {
      cases: number;
      casesPercent: number | null;
      inboundMessages: number;
      inboundMessagesPercent: number | null;
    };
  };
  serviceStandards: ClockMeasure[];
  awaabsLaw: ClockMeasure[];
  outcomes: {
    stage1: Record<string, number>;
    stage2: Record<string, number>;
    stage1Total: number;
    stage2Total: number;
  };
  remedies: {
    byKind: RemedyTally[];
    recorded: number;
    recordedPence: number;
    paid: number;
    paidPence: number;
    compensationPaidPence: number;
  };
  refusals: { total: number; byReason: { reason: string; description: string; count: number }[] };
  themes: {
    months: string[];
    categories: ThemeSeries[];
    flags: ThemeSeries[];
  };
  satisfaction: {
    sent: number;
    answered: number;
    responseRatePercent: number | null;
    averageScore: number | null;
    /** Counts of scores 1 to 5. */
    distribution: number[];
    satisfiedPercent: number | null;
    handledFairlyYes: number;
    handledFairlyNo: number;
    handledFairlyPercent: number | null;
    comments: number;
  };
  stage2Independence: Stage2HandlerCounts;
  selfAssessment: SelfAssessmentItem[];
}

export interface ThemeSeries {
  value: string;
  total: number;
  byMonth: Record<string, number>;
  /** The later half of the period against the earlier: what is growing. */
  firstHalf: number;
  secondHalf: number;
  change: number;
}

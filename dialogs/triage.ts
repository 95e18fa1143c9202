import type { ChannelId } from '../src/channel.js';
import type { ComplaintCategoryId } from '../src/policy/index.js';
import type { Category, TriageInput, TriageResult } from '../src/triage/types.js';

export type { TriageResult };

/** The classifier the bot asks about every message (src/triage): never re-implemented here. */
export type Classify = (input: TriageInput) => TriageResult;

/** Triage's themes onto the pack's categories, which own the routing to teams. */
const packCategory: Record<Category, ComplaintCategoryId> = {
  repairs: 'repairs',
  damp_mould: 'damp_mould',
  asb: 'asb',
  rent: 'rent_and_charges',
  staff_conduct: 'staff_conduct',
  communication: 'communication',
  estate: 'estate_services',
  other: 'other',
};

export function categoryFor(triage: TriageResult): ComplaintCategoryId {
  return packCategory[triage.category];
}

/** The channel hint triage was trained with (its corpus says "webchat" for Direct Line). */
export function triageChannel(channelId: ChannelId): string {
  return channelId === 'directline' ? 'webchat' : channelId;
}

/** What is kept on the case: the classifier's view at the time, for staff and for learning. */
export function classificationRecord(triage: TriageResult): Record<string, unknown> {
  return {
    kind: triage.kind,
    emergency: triage.emergency,
    hazard: triage.hazard ?? null,
    hazards: triage.hazards,
    category: triage.category,
    flags: triage.flags,
    confidence: triage.confidence,
    reasons: triage.reasons,
    explicitComplaintRequest: triage.explicitComplaintRequest,
    language: triage.language,
  };
}

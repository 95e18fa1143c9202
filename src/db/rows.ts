import type { ChannelId } from '../channel-id.js';

/** Row shapes of the system of record, as the CaseStore returns them. */

/** What a customer contacts us about: triaged, on the pack's complaint and service clocks. */
export type ContactCaseKind = 'enquiry' | 'first_time_fix' | 'formal_complaint' | 'emergency';
/** A request under the customer's data protection rights, on its own calendar-month clock (migration 013). */
export type RightsCaseKind = 'subject_access' | 'erasure_request';
export type CaseKind = ContactCaseKind | RightsCaseKind;
export type CaseStage = 'none' | 'first_time_fix' | 'stage1' | 'stage2';
export type CaseStatus = 'open' | 'resolved' | 'closed' | 'withdrawn' | 'refused';
export type Priority = 'normal' | 'urgent' | 'emergency';
export type HandoffState = 'bot' | 'queued' | 'staff';
export type PreferredFormat =
  'standard' | 'large_print' | 'easy_read' | 'braille' | 'audio' | 'another_language' | 'interpreter' | 'bsl';
/** How the customer wants to hear from us; `chat` is the channel they wrote on, whichever it is. */
export type ContactMethod = 'sms' | 'phone' | 'email' | 'letter' | 'chat';
export type UkDivision = 'england-and-wales' | 'scotland' | 'northern-ireland';
export type ConsentKind = 'data_protection' | 'representative' | 'record_as_complaint' | 'health_details';
export type MessageStatus =
  'received' | 'processed' | 'queued' | 'sent' | 'delivered' | 'read' | 'failed' | 'undelivered' | 'suppressed';

export interface Customer {
  id: string;
  name: string | null;
  preferred_language: string;
  preferred_format: PreferredFormat;
  contact_method: ContactMethod | null;
  uk_division: UkDivision;
  phone: string | null;
  email: string | null;
  postcode: string | null;
  tenancy_ref: string | null;
  /** Postal address for letters (migration 002). */
  address: string | null;
  /** A format or language need in the customer's words when it has no code (migration 002). */
  access_needs: string | null;
  /** Someone in the home is older, disabled, unwell, pregnant or a young child; recorded only with a health_details consent (migration 009). */
  vulnerable: boolean | null;
  /** How or when to contact them, in their words (migration 009). */
  contact_adjustments: string | null;
  /** The nation of the home, from the postcode; null while unknown (migration 012, docs/rules/nations.md). */
  country?: 'england' | 'wales' | 'scotland' | 'northern_ireland' | null;
  /** How the division and country were decided: "postcode area EH", "… : to confirm", "UK_DIVISION default…" (migration 012). */
  division_basis?: string | null;
  /** Set when the retention schedule or an erasure anonymised the customer (migration 013). */
  anonymised_at?: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface Conversation {
  id: string;
  channel_id: ChannelId;
  address: string;
  our_address: string;
  customer_id: string | null;
  handoff_state: HandoffState;
  assignee: string | null;
  locale: string | null;
  opted_out: boolean;
  last_inbound_at: Date | null;
  channel_data: Record<string, unknown>;
  /** When a satisfaction survey was last asked or chased here (migration 017). */
  survey_asked_at: Date | null;
  created_at: Date;
}

export interface Message {
  id: string;
  conversation_id: string;
  case_id: string | null;
  direction: 'inbound' | 'outbound';
  channel_id: ChannelId;
  provider_message_id: string | null;
  author: string;
  text: string;
  media: { url: string; contentType?: string }[];
  /** 'join': a chat client opening the conversation, not the customer's words (migration 006). */
  kind: 'message' | 'join';
  locale: string | null;
  status: MessageStatus;
  status_detail: string | null;
  choices: { title: string; value: string }[];
  created_at: Date;
}

export interface Representative {
  name: string;
  relationship: string;
  organisation?: string;
  contact?: string;
}

export interface Case {
  id: string;
  reference: string;
  kind: CaseKind;
  stage: CaseStage;
  status: CaseStatus;
  priority: Priority;
  category: string | null;
  team: string | null;
  assignee: string | null;
  stage1_handler: string | null;
  stage2_handler: string | null;
  flags: string[];
  policy_pack: string;
  customer_id: string | null;
  conversation_id: string | null;
  channel_id: ChannelId;
  customer_words: string;
  desired_outcome: string | null;
  started_when: string | null;
  representative: Representative | null;
  classification: Record<string, unknown> | null;
  complaint_offered: boolean;
  complaint_offer_choice: string | null;
  received_at: Date;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  resolution: Record<string, unknown> | null;
  /** One of the pack's refusal reasons (Code 2024 section 2) when status is 'refused' (migration 011). */
  refusal_reason: string | null;
  /** Set when the retention schedule or an erasure anonymised the case (migration 013). */
  anonymised_at?: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface CaseClock {
  case_id: string;
  name: string;
  due_at: Date;
  original_due_at: Date;
  remind_at: Date | null;
  basis: string;
  extended_working_days: number;
  extension_reason: string | null;
  status: 'running' | 'met' | 'breached' | 'cancelled';
  met_at: Date | null;
  breached_at: Date | null;
}

export interface Consent {
  id: string;
  customer_id: string | null;
  case_id: string | null;
  conversation_id: string | null;
  kind: ConsentKind;
  wording_version: string;
  granted: boolean;
  /** Where it was given or withdrawn; `staff` when a colleague recorded it from a call or a letter. */
  channel_id: ChannelId | 'staff';
  details: Record<string, unknown>;
  recorded_at: Date;
  /** This row withdraws the kind (migration 013); `granted` is false. */
  withdrawal?: boolean;
  /** Who recorded it: `customer`, or `staff:<id>` for a colleague (migration 013). */
  actor?: string | null;
}

export interface CaseEvent {
  id: number;
  case_id: string;
  actor: string;
  type: string;
  data: Record<string, unknown>;
  at: Date;
  /** Set for an event from a delivery that may repeat (migration 005): kept once per case. */
  key: string | null;
}

export type SendAttemptOutcome = 'unknown' | 'accepted' | 'refused' | 'found' | 'not_found';

/** One try at handing a part of an outbound message to a provider (migration 008). */
export interface SendAttempt {
  id: string;
  message_id: string;
  part: number;
  started_at: Date;
  outcome: SendAttemptOutcome;
  provider_message_id: string | null;
}

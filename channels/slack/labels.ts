import type { ChannelId } from '../../src/channel.js';
import type {
  CaseKind,
  CaseStage,
  CaseStatus,
  ConsentKind,
  ContactMethod,
  Message,
  PreferredFormat,
} from '../../src/db/rows.js';
import { escapeSlack, truncate } from './escape.js';
import { languages } from '../../src/languages.js';

/** Words colleagues see in Slack. The staff UI is English; customers' words come from locales/. */

export const kindLabel: Record<CaseKind, string> = {
  enquiry: 'Enquiry',
  first_time_fix: 'First-time fix',
  formal_complaint: 'Formal complaint',
  emergency: 'Emergency',
  subject_access: 'Subject access request',
  erasure_request: 'Erasure request',
};

export const stageLabel: Record<CaseStage, string> = {
  none: 'No complaint stage',
  first_time_fix: 'Informal stage',
  stage1: 'Stage 1',
  stage2: 'Stage 2',
};

export const statusLabel: Record<CaseStatus, string> = {
  open: 'Open',
  resolved: 'Resolved',
  closed: 'Closed',
  withdrawn: 'Withdrawn',
  refused: 'Refused',
};

export const channelLabel: Record<ChannelId, string> = {
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  directline: 'Web chat',
  messenger: 'Messenger',
  instagram: 'Instagram',
  facebook: 'Facebook comment (public)',
};

export const formatBadge: Record<Exclude<PreferredFormat, 'standard'>, string> = {
  large_print: 'LARGE PRINT',
  easy_read: 'EASY READ',
  braille: 'BRAILLE',
  audio: 'AUDIO',
  another_language: 'ANOTHER LANGUAGE',
  interpreter: 'INTERPRETER',
  bsl: 'BSL',
};

export const contactBadge: Record<ContactMethod, string> = {
  sms: 'BY SMS',
  phone: 'BY PHONE',
  email: 'BY EMAIL',
  letter: 'BY LETTER',
  chat: 'BY CHAT',
};

export const formatLabel: Record<PreferredFormat, string> = {
  standard: 'standard print',
  large_print: 'large print',
  easy_read: 'easy read',
  braille: 'braille',
  audio: 'audio',
  another_language: 'another language',
  interpreter: 'an interpreter',
  bsl: 'BSL',
};

export const contactLabel: Record<ContactMethod, string> = {
  sms: 'text message',
  phone: 'phone call',
  email: 'email',
  letter: 'letter',
  chat: 'chat, where they wrote',
};

/** "Polski (Polish)", "English". */
export function languageName(code: string): string {
  const language = languages.find((l) => l.code === code);
  if (!language) return code;
  return language.native === language.name ? language.name : `${language.native} (${language.name})`;
}

const outcomeLabels: Record<string, string> = {
  upheld: 'Upheld',
  partly_upheld: 'Partly upheld',
  not_upheld: 'Not upheld',
  resolved: 'Dealt with',
};

export function outcomeLabel(outcome: string): string {
  return outcomeLabels[outcome] ?? outcome.replace(/_/g, ' ');
}

export const consentLabel: Record<ConsentKind, string> = {
  data_protection: 'Privacy notice',
  representative: 'Representative may act for them',
  record_as_complaint: 'Recorded as a complaint',
  health_details: 'Health details may be recorded',
};

const clockLabels: Record<string, string> = {
  ftf_resolve: 'Put right (first-time fix)',
  stage1_ack: 'Stage 1 acknowledgement',
  stage1_response: 'Stage 1 response',
  stage2_ack: 'Stage 2 acknowledgement',
  stage2_response: 'Stage 2 response',
  emergency_make_safe: 'Make safe (emergency)',
  awaab_investigation: "Awaab's Law investigation",
  awaab_summary: "Awaab's Law written summary",
  awaab_safety_work: "Awaab's Law safety work",
  rights_response: 'Reply to the data protection request (UK GDPR Art. 12(3))',
};

export function clockLabel(name: string): string {
  return clockLabels[name] ?? name.replace(/_/g, ' ');
}

const handoffReasons: Record<string, string> = {
  customer_asked: 'The customer asked for a person',
  could_not_understand:
    "The assistant could not use the customer's answer twice: please pick up from its last question",
  emergency: 'Emergency: someone must take this now',
  safeguarding: 'Safeguarding or welfare concern',
  abusive_language: 'Abusive language: the customer was answered politely; only a person may restrict contact',
  stage2_request_unmatched: 'Asked for stage 2, but no complaint response was found',
  made_from_conversation: 'Made into a case from a live chat: the conversation so far',
  turn_failed: 'The assistant could not process a message (see the last one below): read it and answer the customer',
};

export function handoffReasonLabel(reason: string): string {
  return handoffReasons[reason] ?? reason.replace(/_/g, ' ');
}

/** The customer's language as they would name it, in capitals: POLSKI, CYMRAEG. */
export function languageBadge(code: string): string | null {
  if (code === 'en') return null;
  const language = languages.find((l) => l.code === code);
  return language ? language.native.toLocaleUpperCase(code) : code.toUpperCase();
}

const londonTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const londonDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
});

/** "Tue 3 Mar 2026" for a working-day clock (due at the end of the day), with the time otherwise. */
export function staffDate(date: Date): string {
  const time = londonTime.format(date);
  const day = londonDate.format(date).replace(',', '');
  return time === '23:59' ? day : `${day}, ${time}`;
}

export function staffTime(date: Date): string {
  return londonTime.format(date);
}

/** `staff:U123` → `<@U123>`, so Slack shows the colleague's name; anything else as it is. */
export function actorMention(actor: string | null | undefined): string {
  if (!actor) return 'nobody';
  const user = /^staff:([UW][A-Z0-9]+)$/.exec(actor)?.[1];
  return user ? `<@${user}>` : actor === 'bot' ? 'the assistant' : actor;
}

/** What became of a message to the customer, as the provider last said. */
function deliveryLabel(message: Pick<Message, 'status' | 'status_detail'>): string {
  const detail = message.status_detail ? `: ${escapeSlack(truncate(message.status_detail, 200))}` : '';
  switch (message.status) {
    case 'queued':
      return ':hourglass_flowing_sand: queued to send';
    case 'sent':
      return ':outbox_tray: sent, not yet reported delivered';
    case 'delivered':
      return ':white_check_mark: delivered';
    case 'read':
      return ':eyes: read';
    case 'failed':
    case 'undelivered':
      return `:warning: *not delivered*${detail}`;
    case 'suppressed':
      return ':no_entry_sign: *not sent*: the customer has opted out (they texted STOP)';
    default:
      return message.status;
  }
}

/** The thread's record of a colleague's message to the customer: who, what, and its delivery status. */
export function replyConfirmation(
  message: Pick<Message, 'author' | 'text' | 'status' | 'status_detail' | 'channel_id' | 'created_at'>,
): string {
  const quoted = escapeSlack(truncate(message.text, 1500))
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
  return `:speech_balloon: *To the customer* by ${actorMention(message.author)}, ${channelLabel[message.channel_id]}, ${staffTime(new Date(message.created_at))}\n${quoted}\n*Status*: ${deliveryLabel(message)}`;
}

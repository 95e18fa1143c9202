import type { LanguageCode } from '../src/languages.js';

/**
 * What the bot remembers about one conversation between turns, saved with the dialog
 * stack in conversation state (the turn pipeline saves it; the bot never does).
 */
export interface ConversationData {
  lang: LanguageCode;
  /** Where the language came from: a stored preference, the client's selector, the customer's choice, what they wrote in, or the default. */
  langSource: 'default' | 'stored' | 'client' | 'chosen' | 'detected';
  /** The last locale the client sent: only a change of it is a request to switch (web chat sends one every time). */
  clientLocale?: string;
  /** The stored preferences have been read once for this conversation. */
  initialised: boolean;
  greeted: boolean;
  /** A language is offered once per conversation, never nagged. */
  languageOffered: boolean;
  /** The customer's answer to the privacy notice in this conversation (or their stored one). */
  consent?: 'granted' | 'declined';
  /** The privacy notice was shown in full in this conversation: asked again, it is a short reminder. */
  noticeShown?: true;
  /** Abuse is answered calmly once; later messages are still flagged for staff. */
  abuseAnswered: boolean;
  /** Inbound message ids since the current flow began, attached to the case it opens. */
  flowMessageIds: string[];
  /** An emergency already reported in this conversation: a repeat gets the advice and the same case. */
  emergencyCaseId?: string;
  /** Answers taken as the customer's own words after two tries, as `check:…` flags for the next case opened. */
  answersToCheck?: string[];
  /** What the customer has already told us in this conversation, so it is confirmed rather than asked. */
  known?: KnownFacts;
  /** The vulnerability and adjustments questions are asked once per conversation (issue 11 item 6). */
  vulnerabilityAsked?: boolean;
  /** Photos or files sent on their own before the customer said what they are about: they go with the next matter's case. */
  mediaMessageIds?: string[];
}

/** Facts found in the customer's messages (dialogs/answers/facts.ts). */
export interface KnownFacts {
  /** When the problem started, in their words ("two weeks"). */
  started?: string;
  /** How they asked to be contacted ("text me", "email me"). */
  contact?: 'sms' | 'phone' | 'email' | 'letter';
  /** A UK number as +44…. */
  phone?: string;
  email?: string;
  name?: string;
  /** The address line they gave for their home. */
  address?: string;
  /** A UK postcode they mentioned. */
  postcode?: string;
  /** Whose home `address` and `postcode` are, when someone wrote for that customer: not the next matter's. */
  homeOf?: string;
  /** A format they asked for ("letters in big print"). */
  format?: 'large_print' | 'braille' | 'easy_read' | 'audio' | 'bsl';
  /** Someone older, disabled, unwell, pregnant or a young child at home, said in passing (not recorded without permission). */
  vulnerable?: true;
  /** Writing for someone else, said plainly (an MP's caseworker, "on behalf of my mum"). */
  writingFor?: true;
  /** The customer someone writes for, named in passing ("a constituent, Mrs Aisha Khan of…"). */
  customerName?: string;
}

export function freshConversationData(): ConversationData {
  return {
    lang: 'en',
    langSource: 'default',
    initialised: false,
    greeted: false,
    languageOffered: false,
    abuseAnswered: false,
    flowMessageIds: [],
  };
}

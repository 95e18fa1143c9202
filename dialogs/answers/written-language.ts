import type { TurnContext } from 'botbuilder-core';
import type { AskOptions } from '../ask.js';
import { arabicOrUrduByLetters, detectLanguage } from '../languages.js';
import { switchLanguage, type BotServices } from '../services.js';
import { turnOf } from '../turn.js';
import { wordCount } from '../normalise.js';
import { findPostcode } from './home.js';

function sameScript(a: string, b: string): boolean {
  return (a === 'ar' || a === 'ur') && (b === 'ar' || b === 'ur');
}

/** Answers whose words are names and numbers, not language: "Flat 2, 7 Oak Avenue" says nothing about it. */
const languageless = new Set<AskOptions['check']>(['name', 'homeLocator', 'email', 'phone']);

/**
 * A message clearly written in one of our languages switches the conversation to it at
 * once (the privacy notice and every later question then come in it); the customer is
 * told in that language how to go back to English. A language they chose by name, or
 * their chat client's setting, is kept: they said what they want.
 * @returns whether the conversation switched this turn
 */
export async function followWrittenLanguage(
  services: BotServices,
  context: TurnContext,
  text: string,
  pending: AskOptions | undefined,
): Promise<boolean> {
  const info = turnOf(context);
  if (text === '' || info.data.langSource === 'chosen' || info.data.langSource === 'client') return false;
  if (pending && (languageless.has(pending.check) || pending.takesLanguageNames)) return false;
  // An address line ("Flat 3, 41 Canal Street, Birmingham B5 6TH") is English street names, not
  // the customer's language, whatever question it answers (the address for letters has no check).
  if (findPostcode(text) && wordCount(text) <= 10) return false;
  const detected = detectLanguage(text, services.languages);
  if (!detected || detected === info.data.lang) return false;
  // Arabic and Urdu share a script: once in one, only a message that could not be it moves to the other.
  if (sameScript(info.data.lang, detected) && arabicOrUrduByLetters(text) !== detected) return false;
  await switchLanguage(services, context, detected, 'detected');
  info.data.languageOffered = true;
  return true;
}

import type { ChannelId } from '../../src/channel.js';

/** What a carrier keyword asks for. */
export type SmsKeyword = 'opt_out' | 'opt_in' | 'help';

/**
 * Twilio's standard keywords (docs/rules/channels.md#sms-keywords). They count only as the whole message,
 * case-insensitive, ignoring surrounding spaces and a trailing full stop or "!".
 *
 * CANCEL is also a word our dialogs understand ("stop this flow"). On SMS a lone CANCEL
 * is the carrier's opt-out, as Twilio and the networks treat it, so it opts out here
 * too and the dialogs never see it; "cancel my complaint" is not a keyword. WhatsApp
 * has no carrier keywords, so there CANCEL stays a dialog word while STOP and the
 * others are still honoured (Meta asks businesses to respect opt-out requests).
 * YES, which Twilio also accepts for opt-in, is left to the dialogs: it answers questions.
 */
const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'END', 'QUIT', 'REVOKE', 'OPTOUT', 'CANCEL']);
const OPT_IN = new Set(['START', 'UNSTOP']);
const HELP = new Set(['HELP', 'INFO']);

export function keywordOf(text: string, channelId: ChannelId): SmsKeyword | undefined {
  const word = text
    .trim()
    .replace(/[.!]+$/, '')
    .trim()
    .toUpperCase();
  if (OPT_OUT.has(word)) return channelId === 'whatsapp' && word === 'CANCEL' ? undefined : 'opt_out';
  if (OPT_IN.has(word)) return 'opt_in';
  if (HELP.has(word)) return 'help';
  return undefined;
}

import type { OutboundMessage } from '../../src/channel.js';
import { type NewActivity, botId } from './activity.js';
import { directLineText } from './text-format.js';

/** The bot's words as a Direct Line activity, with their textFormat; choices become imBack buttons. */
export function toBotActivity(message: OutboundMessage, botName: string, now: Date): NewActivity {
  const activity: NewActivity = {
    type: 'message',
    timestamp: now.toISOString(),
    channelId: 'directline',
    conversation: { id: message.to },
    from: { id: botId, name: botName, role: 'bot' },
    ...directLineText(message.text),
  };
  if (message.choices.length > 0) {
    activity.suggestedActions = {
      actions: message.choices.map((choice) => ({ type: 'imBack', title: choice.title, value: choice.value })),
    };
  }
  const locale = message.channelData?.['locale'];
  if (typeof locale === 'string' && locale.length <= 20) activity.locale = locale;
  // The page says so when a colleague, not the automated assistant, is writing.
  if (message.fromHuman) activity.channelData = { fromHuman: true };
  return activity;
}

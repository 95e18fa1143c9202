import type { types } from '@slack/bolt';
import type { CaseEvent } from '../../src/db/rows.js';
import { escapeSlack, quoteSlack, truncate } from './escape.js';

/**
 * The satisfaction survey on the case card (seed 002; src/survey/): sent, chased, skipped
 * and why, and the answers, read from the case's events. The customer's free-text answer is
 * shown only where the card may show personal details.
 */
export function surveyBlocks(events: readonly CaseEvent[], personal: boolean): types.KnownBlock[] {
  const answered = [...events].reverse().find((e) => e.type === 'survey_answered');
  const sent = events.find((e) => e.type === 'survey_sent');
  const skipped = events.find((e) => e.type === 'survey_skipped');
  let text: string | null = null;
  if (answered) {
    const d = answered.data;
    const fair = d.handledFairly === true ? 'yes' : d.handledFairly === false ? 'no' : 'not answered';
    const comment = typeof d.comment === 'string' && d.comment !== '' ? d.comment : null;
    text =
      `*Satisfaction survey*\n${typeof d.satisfaction === 'number' ? `${d.satisfaction} out of 5` : 'no score'} · handled fairly: ${fair}` +
      (comment
        ? personal
          ? `\n${quoteSlack(truncate(comment, 1500))}`
          : '\n_a comment (shown in a private channel)_'
        : '');
  } else if (events.some((e) => e.type === 'survey_declined')) {
    text = '*Satisfaction survey*\nthe customer would rather not answer';
  } else if (sent) {
    const chased = events.some((e) => e.type === 'survey_chased');
    text = `*Satisfaction survey*\nsent, no answer yet${chased ? ' (reminded once; no more reminders)' : ''}`;
  } else if (skipped) {
    const reason = typeof skipped.data.reason === 'string' ? skipped.data.reason.replace(/_/g, ' ') : 'not sent';
    text = `*Satisfaction survey*\nnot sent: ${escapeSlack(reason)}`;
  }
  return text ? [{ type: 'section', text: { type: 'mrkdwn', verbatim: true, text } }] : [];
}

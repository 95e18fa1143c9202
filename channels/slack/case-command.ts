import type { App } from '@slack/bolt';
import { referencePattern } from '../../src/db/case-store.js';
import type { Nation } from '../../src/nations/index.js';
import { caseCardBlocks, caseCardText } from './case-card.js';
import { refusalOf, type SlackHandlerDeps } from './handler-deps.js';
import { staffActor } from './ids.js';
import { partyVerb } from './parties-actions.js';
import { channelAllowed } from './routing.js';
import { maxCommandText, SlashCommandSchema } from './payloads.js';
import { caseVerb, stepVerbHelp } from './step-actions.js';

/**
 * `/case CMP-2026-000123` shows the case card to the colleague who asked, and
 * `/case CMP-2026-000123 handback` gives the conversation back to the assistant. Only in
 * the channels allowed: a case holds personal details, and a DM or a social channel is
 * not where they belong.
 */
export function registerCaseCommand(app: App, deps: SlackHandlerDeps): void {
  app.command('/case', async ({ ack, body, client }) => {
    const parsed = SlashCommandSchema.safeParse(body);
    if (!parsed.success) {
      // Never a 500 for an odd command: say what works instead.
      const tooLong = typeof body.text === 'string' && body.text.length > maxCommandText;
      deps.logger.warn({ issues: parsed.error.issues.map((i) => i.path.join('.')) }, 'slack: unreadable /case command');
      return void (await ack({
        response_type: 'ephemeral',
        text: tooLong
          ? `That is too long for /case (${maxCommandText} characters at most). Usage: \`/case CMP-2026-000123\` to show a case, or \`/case CMP-2026-000123 handback\`.`
          : '/case could not read that request. Usage: `/case CMP-2026-000123` to show a case, or `/case CMP-2026-000123 handback`.',
      }));
    }
    const command = parsed.data;
    if (!channelAllowed(deps.caseChannels, command.channel_id, command.channel_name)) {
      return void (await ack({
        response_type: 'ephemeral',
        text: `/case works only in ${deps.caseChannels.join(', ')}, where case details may be shown.`,
      }));
    }
    const reference = referencePattern.exec(command.text)?.[0];
    if (!reference)
      return void (await ack({
        response_type: 'ephemeral',
        text: `Usage: \`/case CMP-2026-000123\` to show a case, \`/case CMP-2026-000123 handback\`, or a step: ${stepVerbHelp}.`,
      }));
    const row = await deps.store.getCaseByReference(reference);
    // Personal details only if this channel is private, as on the card itself.
    const data = row ? await deps.cards.cardData(row.id, command.channel_id) : undefined;
    if (!row || !data)
      return void (await ack({ response_type: 'ephemeral', text: `No case ${reference.toUpperCase()}.` }));

    // refuse, restrict, consent, withdraw: the card's forms (channels/slack/parties-actions.ts).
    if (await partyVerb(deps, client, command, row, ack)) return;
    // The steps that meet clocks, and remedies (channels/slack/step-actions.ts).
    const stepAnswer = await caseVerb(deps, row, command.text, command.user_id);
    if (stepAnswer !== null) return void (await ack({ response_type: 'ephemeral', text: stepAnswer }));

    if (/\bhand\s*-?\s*back\b/i.test(command.text)) {
      if (!row.conversation_id)
        return void (await ack({
          response_type: 'ephemeral',
          text: `${row.reference} has no conversation to hand back.`,
        }));
      try {
        await deps.staff.handBack(row.conversation_id, staffActor(command.user_id), row.id);
      } catch (error) {
        const refusal = refusalOf(error);
        if (!refusal) throw error;
        return void (await ack({ response_type: 'ephemeral', text: refusal }));
      }
      return void (await ack({
        response_type: 'ephemeral',
        text: `${row.reference}: the assistant is answering the customer again.`,
      }));
    }
    // docs/rules/nations.md#border-districts: a colleague sets the nation a postcode could not.
    const nation = /\bnation\s+(england|wales|scotland|northern[- ]?ireland)\b/i.exec(command.text)?.[1];
    if (nation) {
      const country = nation.toLowerCase().replace(/[- ]?ireland$/, '_ireland') as Nation;
      try {
        await deps.cases.confirmNation(row.id, country, staffActor(command.user_id));
      } catch (error) {
        const refusal = refusalOf(error);
        if (!refusal) throw error;
        return void (await ack({ response_type: 'ephemeral', text: refusal }));
      }
      return void (await ack({
        response_type: 'ephemeral',
        text: `${row.reference}: the customer's home is recorded as in ${nation.replace(/-/g, ' ')}.`,
      }));
    }
    await ack({ response_type: 'ephemeral', text: caseCardText(data, null), blocks: caseCardBlocks(data, null) });
  });
}

import type { App, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { stepNames, type StepActor, type StepName, type StepRecorded } from '../../src/cases/steps.js';
import { remedyKinds, type CaseRemedy } from '../../src/db/remedies.js';
import type { Case } from '../../src/db/rows.js';
import { escapeSlack, truncate } from './escape.js';
import { refusalOf, tellColleague, type SlackHandlerDeps } from './handler-deps.js';
import { ModalMetadataSchema, staffActor, TargetSchema } from './ids.js';
import { staffDate } from './labels.js';
import { messageView } from './modals.js';
import { BlockActionSchema, inputValue, ViewSubmissionSchema } from './payloads.js';
import {
  formatPence,
  parsePounds,
  remedyActionIds,
  remedyCallbackId,
  remedyKindLabel,
  stepActionPrefix,
  stepLabel,
  stepOutcome,
  stepVerbs,
} from './step-card.js';

/**
 * The recorded steps and remedies in Slack (src/cases/steps.ts): a button on the card for
 * each step that can be recorded now (with Slack's own confirmation), `/case <ref> <verb>`
 * for the same, and *Record remedy* (a modal) and *Mark paid*. A refusal (the stage 1 handler
 * at stage 2, a case held by someone else, a clock already met) is told only to the colleague.
 */

const RemedyValueSchema = z
  .string()
  .regex(/^remedy:[0-9a-f-]{36}$/)
  .transform((v) => v.slice('remedy:'.length));

const RemedyFormSchema = z.object({
  kind: z.enum(remedyKinds, { message: 'Choose the kind of remedy.' }),
  amount: z
    .string()
    .trim()
    .max(20)
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      const pence = parsePounds(v);
      if (pence === null) {
        ctx.addIssue({ code: 'custom', message: 'Write the amount in pounds, e.g. 50 or £75.50.' });
        return z.NEVER;
      }
      return pence;
    }),
  note: z.string().trim().max(2000).optional(),
});

async function stepActor(deps: SlackHandlerDeps, user: string): Promise<StepActor> {
  return { actor: staffActor(user), lead: await deps.colleagues.isLead(user) };
}

/** What the colleague is told once a step is recorded. */
export function stepRecordedText(recorded: StepRecorded): string {
  const lines = [
    `${recorded.case.reference}: ${stepOutcome(recorded.step, recorded.clock.name, recorded.onTime, recorded.late)}.`,
  ];
  const response = recorded.restarted.find((c) => c.name.endsWith('_response'));
  if (response)
    lines.push(
      `The response is now due *${staffDate(response.dueAt)}*, counted from today's acknowledgement; the customer has been told.`,
    );
  for (const clock of recorded.restarted.filter((c) => c.name.startsWith('awaab_')))
    lines.push(
      `${clock.name === 'awaab_summary' ? 'Written summary' : 'Safety work'} now due *${staffDate(clock.dueAt)}*.`,
    );
  return lines.join('\n');
}

function remedyText(row: Pick<Case, 'reference'>, remedy: CaseRemedy): string {
  const amount = remedy.amount_pence !== null ? ` of ${formatPence(remedy.amount_pence)}` : '';
  return `${row.reference}: ${remedyKindLabel[remedy.kind].toLowerCase()}${amount} recorded${remedy.amount_pence !== null ? ', not paid yet' : ''}.`;
}

export function remedyModal(row: Pick<Case, 'id' | 'reference'>): Parameters<WebClient['views']['open']>[0]['view'] {
  const option = (text: string, value: string) => ({ text: { type: 'plain_text' as const, text }, value });
  return {
    type: 'modal',
    callback_id: remedyCallbackId,
    private_metadata: JSON.stringify({ caseId: row.id }),
    title: { type: 'plain_text', text: 'Record remedy' },
    submit: { type: 'plain_text', text: 'Record' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*${row.reference}*: what was done to put things right (Code 2024 section 7). Nothing is sent to the customer: the response says it.`,
        },
      },
      {
        type: 'input',
        block_id: 'kind',
        label: { type: 'plain_text', text: 'Kind' },
        element: {
          type: 'static_select',
          action_id: 'value',
          options: remedyKinds.map((k) => option(remedyKindLabel[k], k)),
        },
      },
      {
        type: 'input',
        block_id: 'amount',
        optional: true,
        label: { type: 'plain_text', text: 'Amount (£)' },
        element: { type: 'plain_text_input', action_id: 'value', max_length: 20 },
        hint: { type: 'plain_text', text: 'For compensation (required there): e.g. 50 or 75.50. Mark it paid later.' },
      },
      {
        type: 'input',
        block_id: 'note',
        optional: true,
        label: { type: 'plain_text', text: 'Note' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 2000 },
      },
    ],
  };
}

export function registerStepActions(app: App, deps: SlackHandlerDeps): void {
  app.action(/^(step|remedy)_/, async ({ ack, body, client }) => {
    await ack();
    const parsed = BlockActionSchema.safeParse(body);
    const action = parsed.success ? parsed.data.actions[0] : undefined;
    if (!parsed.success || !action) {
      deps.logger.warn({ issue: parsed.error?.issues[0]?.message }, 'slack: unrecognised step action ignored');
      return;
    }
    const user = parsed.data.user.id;
    const channel = parsed.data.channel?.id;
    try {
      if (action.action_id.startsWith(remedyActionIds.paid)) {
        const remedyId = RemedyValueSchema.safeParse(action.value);
        if (!remedyId.success) return;
        const paid = await deps.steps.markRemedyPaid(remedyId.data, await stepActor(deps, user));
        await tellColleague(client, channel, user, `:moneybag: ${formatPence(paid.amount_pence ?? 0)} marked paid.`);
        return;
      }
      const target = TargetSchema.safeParse(action.value);
      if (!target.success || !('caseId' in target.data)) return;
      const row = await deps.store.getCase(target.data.caseId);
      if (!row) return;
      if (action.action_id === remedyActionIds.record) {
        const actor = await stepActor(deps, user);
        deps.steps.assertMayAct(row, actor, 'record a remedy on');
        if (parsed.data.trigger_id)
          await client.views.open({ trigger_id: parsed.data.trigger_id, view: remedyModal(row) });
        return;
      }
      const step = action.action_id.slice(stepActionPrefix.length);
      if (!(stepNames as readonly string[]).includes(step)) return;
      const recorded = await deps.steps.record(row.id, step as StepName, await stepActor(deps, user));
      await tellColleague(client, channel, user, `:white_check_mark: ${stepRecordedText(recorded)}`);
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      await tellColleague(client, channel, user, `:no_entry: ${refusal}`);
    }
  });

  app.view<ViewSubmitAction>(remedyCallbackId, async ({ ack, body }) => {
    const submission = ViewSubmissionSchema.safeParse(body);
    let meta: unknown;
    try {
      meta = submission.success ? JSON.parse(submission.data.view.private_metadata) : undefined;
    } catch {
      meta = undefined;
    }
    const target = ModalMetadataSchema.safeParse(meta);
    if (!submission.success || !target.success) {
      return void (await ack({
        response_action: 'update',
        view: messageView('Not understood', 'This form could not be read. Close it and start again from the card.'),
      }));
    }
    const form = RemedyFormSchema.safeParse({
      kind: inputValue(submission.data, 'kind'),
      amount: inputValue(submission.data, 'amount') || undefined,
      note: inputValue(submission.data, 'note') || undefined,
    });
    if (!form.success) {
      const errors: Record<string, string> = {};
      for (const issue of form.error.issues) errors[String(issue.path[0] ?? 'note')] ??= issue.message;
      return void (await ack({ response_action: 'errors', errors }));
    }
    try {
      await deps.steps.recordRemedy(
        target.data.caseId,
        { kind: form.data.kind, amountPence: form.data.amount, note: form.data.note ?? null },
        await stepActor(deps, submission.data.user.id),
        `view:${submission.data.view.id}`,
      );
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      const block = /amount/i.test(refusal) ? 'amount' : /say what/i.test(refusal) ? 'note' : 'kind';
      return void (await ack({ response_action: 'errors', errors: { [block]: truncate(refusal, 300) } }));
    }
    await ack({ response_action: 'clear' });
  });
}

const verbUsage =
  '`/case <ref> acknowledge`, `investigated`, `summary-sent`, `safety-work-started`, `made-safe`, `response-sent` (each with an optional note), `remedy <apology|repair|compensation|other> [£amount] [note]`, `paid <n>`';

/**
 * `/case <ref> <verb> …` for the steps and remedies. Returns what to tell the colleague, or
 * null when the text names no step or remedy verb (the command goes on to its other uses).
 */
export async function caseVerb(deps: SlackHandlerDeps, row: Case, text: string, user: string): Promise<string | null> {
  const words = text.trim().split(/\s+/);
  const at = words.findIndex((w) => w.toUpperCase() === row.reference);
  const verb = (words[at + 1] ?? '').toLowerCase();
  const rest = words
    .slice(at + 2)
    .join(' ')
    .trim();
  const step = stepNames.find((s) => stepVerbs[s].includes(verb));
  if (!step && verb !== 'remedy' && verb !== 'paid') return null;
  try {
    const actor = await stepActor(deps, user);
    if (step) return stepRecordedText(await deps.steps.record(row.id, step, actor, rest || null));
    if (verb === 'remedy') {
      const [kindWord = '', maybeAmount = '', ...more] = rest.split(/\s+/);
      const kind = remedyKinds.find((k) => k === kindWord.toLowerCase());
      if (!kind) return `Which remedy? Usage: ${verbUsage}.`;
      const amount = parsePounds(maybeAmount);
      const note = (amount === null ? [maybeAmount, ...more] : more).join(' ').trim();
      const remedy = await deps.steps.recordRemedy(
        row.id,
        { kind, amountPence: amount, note: note || null },
        actor,
        `command:${user}:${Date.now()}`,
      );
      return remedyText(row, remedy);
    }
    const remedies = await deps.steps.listRemedies(row.id);
    const unpaid = remedies.filter((r) => r.amount_pence !== null && !r.paid_at);
    const n = Number(rest);
    const chosen = rest ? remedies[n - 1] : unpaid.length === 1 ? unpaid[0] : undefined;
    if (!chosen)
      return rest
        ? `${row.reference} has no remedy ${escapeSlack(truncate(rest, 20))}: the card numbers them.`
        : `Which remedy? ${row.reference} has ${unpaid.length} unpaid: \`/case ${row.reference} paid <n>\`, numbered as on the card.`;
    const paid = await deps.steps.markRemedyPaid(chosen.id, actor);
    return `${row.reference}: ${formatPence(paid.amount_pence ?? 0)} marked paid.`;
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    return `:no_entry: ${refusal}`;
  }
}

/** The /case help line for the step verbs. */
export const stepVerbHelp = verbUsage;

export { stepLabel };

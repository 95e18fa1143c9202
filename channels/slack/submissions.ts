import type { App } from '@slack/bolt';
import { z } from 'zod';
import { extendableClocks, reclassifiableKinds, responseOutcomes } from '../../src/cases/staff-actions.js';
import { ExtensionRefusedError, endOfLondonDay } from '../../src/policy/index.js';
import { refusalOf, type SlackHandlerDeps } from './handler-deps.js';
import { callbackIds, ModalMetadataSchema, staffActor } from './ids.js';
import { outcomesFor } from './modals.js';
import { inputValue, ViewSubmissionSchema, type ViewSubmission } from './payloads.js';

type Errors = Record<string, string>;

/** What a modal's submission must hold: each field names the input block that shows its error. */
const ReclassifySchema = z.object({
  kind: z.enum(reclassifiableKinds, { message: 'Choose what it should be.' }),
  reason: z.string().trim().min(1, 'Say why: it is recorded on the case.').max(2000),
});
const ExtendSchema = z.object({
  clock: z.enum(extendableClocks, { message: 'Choose the clock to extend.' }),
  date: z.iso.date({ message: 'Choose the new due date.' }),
  reason: z.string().trim().min(1, 'Give the reason: the customer is told it.').max(2000),
});
const ResolveSchema = z.object({
  outcome: z.enum(responseOutcomes, { message: 'Choose the outcome.' }),
  reasons: z.string().trim().min(1, 'Give the reasons for the decision.').max(2000),
  remedy: z.string().trim().min(1, 'Say what remedy is offered, or "None".').max(2000),
  outstanding: z.string().trim().min(1, 'Say what is outstanding, or "None".').max(2000),
  changes: z.string().trim().min(1, 'Say what has changed, or "None".').max(2000),
});

function fieldsOf(submission: ViewSubmission, blocks: readonly string[]): Record<string, string | undefined> {
  return Object.fromEntries(blocks.map((b) => [b, inputValue(submission, b)]));
}

function errorsOf(error: z.ZodError): Errors {
  const errors: Errors = {};
  for (const issue of error.issues) {
    const block = String(issue.path[0] ?? 'reason');
    errors[block] ??= issue.message;
  }
  return errors;
}

/**
 * Modal submissions. A refusal is shown in the modal against the field it is about
 * (response_action 'errors'), so the colleague can correct it there; an extension beyond
 * the pack's cap says the cap and where it comes from.
 */
export function registerSubmissions(app: App, deps: SlackHandlerDeps): void {
  app.view(callbackIds.reclassify, async ({ ack, body }) => {
    const submission = ViewSubmissionSchema.parse(body);
    const { caseId } = ModalMetadataSchema.parse(JSON.parse(submission.view.private_metadata));
    const form = ReclassifySchema.safeParse(fieldsOf(submission, ['kind', 'reason']));
    if (!form.success) return void (await ack({ response_action: 'errors', errors: errorsOf(form.error) }));
    try {
      await deps.staff.reclassify(caseId, form.data.kind, staffActor(submission.user.id), form.data.reason);
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      return void (await ack({ response_action: 'errors', errors: { reason: refusal } }));
    }
    await ack();
  });

  app.view(callbackIds.extend, async ({ ack, body }) => {
    const submission = ViewSubmissionSchema.parse(body);
    const { caseId } = ModalMetadataSchema.parse(JSON.parse(submission.view.private_metadata));
    const form = ExtendSchema.safeParse(fieldsOf(submission, ['clock', 'date', 'reason']));
    if (!form.success) return void (await ack({ response_action: 'errors', errors: errorsOf(form.error) }));
    try {
      // Due at the end of the chosen London day, as every working-day clock is.
      await deps.staff.extend(caseId, form.data.clock, endOfLondonDay(form.data.date), form.data.reason, staffActor(submission.user.id));
    } catch (error) {
      if (error instanceof ExtensionRefusedError) {
        const block = error.refusal === 'reason_required' ? 'reason' : error.refusal === 'not_extendable' ? 'clock' : 'date';
        return void (await ack({ response_action: 'errors', errors: { [block]: `Refused: ${error.message}` } }));
      }
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      return void (await ack({ response_action: 'errors', errors: { clock: refusal } }));
    }
    await ack();
  });

  app.view(callbackIds.resolve, async ({ ack, body }) => {
    const submission = ViewSubmissionSchema.parse(body);
    const { caseId } = ModalMetadataSchema.parse(JSON.parse(submission.view.private_metadata));
    const form = ResolveSchema.safeParse(fieldsOf(submission, ['outcome', 'reasons', 'remedy', 'outstanding', 'changes']));
    if (!form.success) return void (await ack({ response_action: 'errors', errors: errorsOf(form.error) }));
    const row = await deps.store.getCase(caseId);
    if (row && !outcomesFor(row).includes(form.data.outcome)) {
      return void (await ack({ response_action: 'errors', errors: { outcome: 'That outcome does not fit this kind of case.' } }));
    }
    try {
      await deps.staff.resolve(caseId, staffActor(submission.user.id), form.data);
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      return void (await ack({ response_action: 'errors', errors: { outcome: refusal } }));
    }
    await ack();
  });
}

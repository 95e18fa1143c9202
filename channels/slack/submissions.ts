import type { AckFn, App, ViewResponseAction, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import {
  caseKindsFromChat,
  closeReasons,
  extendableClocks,
  reclassifiableKinds,
  responseOutcomes,
  type Colleague,
} from '../../src/cases/staff-actions.js';
import { ExtensionRefusedError, endOfLondonDay } from '../../src/policy/index.js';
import {
  colleagueForCase,
  colleagueForConversation,
  confirmInThread,
  refusalOf,
  type SlackHandlerDeps,
} from './handler-deps.js';
import {
  callbackIds,
  DraftMetadataSchema,
  ModalMetadataSchema,
  staffActor,
  TargetMetadataSchema,
  type TargetMetadata,
} from './ids.js';
import { escapeSlack } from './escape.js';
import { messageView, outcomesFor, previewView } from './modals.js';
import { inputChoices, inputValue, ViewSubmissionSchema, type ViewSubmission } from './payloads.js';

type Errors = Record<string, string>;
type Ack = AckFn<ViewResponseAction>;

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
const ReplySchema = z.object({ message: z.string().trim().min(1, 'Write something to send.').max(1500) });
const CloseSchema = z.object({
  as: z.enum(closeReasons, { message: 'Choose how it is closed.' }),
  duplicate_of: z.string().trim().max(20).optional(),
  reason: z.string().trim().min(1, 'Say why: it is recorded on the case.').max(2000),
});
const AssignSchema = z.object({ assignee: z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'Choose a colleague.') });
const MakeCaseSchema = z.object({
  kind: z.enum(caseKindsFromChat, { message: 'Choose what it is.' }),
  words: z.string().trim().min(1, "Give the customer's words.").max(2900),
  outcome: z.string().trim().max(2000).optional(),
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

/** Slack's answer that shows a refusal against the field it is about. */
function fieldError(block: string, text: string): ViewResponseAction {
  return { response_action: 'errors', errors: { [block]: text.length > 300 ? `${text.slice(0, 299)}…` : text } };
}

/** A submission we can read, or an answer that says it could not be (never a 5xx for an odd payload). */
async function read<T extends z.ZodType>(
  body: unknown,
  ack: Ack,
  schema: T,
): Promise<{ submission: ViewSubmission; meta: z.output<T> } | undefined> {
  const submission = ViewSubmissionSchema.safeParse(body);
  let meta: unknown;
  try {
    meta = submission.success ? JSON.parse(submission.data.view.private_metadata) : undefined;
  } catch {
    meta = undefined;
  }
  const parsed = schema.safeParse(meta);
  if (!submission.success || !parsed.success) {
    await ack({
      response_action: 'update',
      view: messageView('Not understood', 'This form could not be read. Close it and start again from the card.'),
    });
    return undefined;
  }
  return { submission: submission.data, meta: parsed.data };
}

/**
 * Modal submissions. A form that writes to the customer is answered with its preview
 * (pushed over the form, so "Back" returns to it with what was written); the preview's
 * submit does it. A refusal is shown in the modal against the field it is about, so the
 * colleague can correct it there; an extension beyond the pack's cap says the cap and
 * where it comes from.
 */
export function registerSubmissions(app: App, deps: SlackHandlerDeps): void {
  const colleagueFor = async (user: string, meta: TargetMetadata): Promise<Colleague> => {
    const row = meta.caseId ? await deps.store.getCase(meta.caseId) : undefined;
    if (row) return colleagueForCase(deps, user, row);
    return colleagueForConversation(deps, user, meta.conversationId ?? '');
  };
  /** The preview's draft, kept while the colleague reads it; a refusal or an expired draft is shown in the modal. */
  const confirmed = async <T extends z.ZodType>(body: unknown, ack: Ack, schema: T) => {
    const read_ = await read(body, ack, DraftMetadataSchema);
    if (!read_) return undefined;
    const draft = await deps.drafts.load(read_.meta.draftId, read_.submission.user.id, schema);
    if (draft === undefined) {
      await ack({
        response_action: 'update',
        view: messageView('Nothing sent', 'This preview has expired, so nothing was sent. Start again from the card.'),
      });
      return undefined;
    }
    return { ...read_, draft, colleague: await colleagueFor(read_.submission.user.id, read_.meta) };
  };
  const refused = async (ack: Ack, error: unknown): Promise<void> => {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    await ack({ response_action: 'update', view: messageView('Not done', `:no_entry: ${refusal}`) });
  };

  app.view<ViewSubmitAction>(callbackIds.reclassify, async ({ ack, body }) => {
    const got = await read(body, ack, ModalMetadataSchema);
    if (!got) return;
    const form = ReclassifySchema.safeParse(fieldsOf(got.submission, ['kind', 'reason']));
    if (!form.success) return void (await ack({ response_action: 'errors', errors: errorsOf(form.error) }));
    try {
      await deps.staff.reclassify(
        got.meta.caseId,
        form.data.kind,
        staffActor(got.submission.user.id),
        form.data.reason,
      );
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      return void (await ack(fieldError('reason', refusal)));
    }
    await ack();
  });

  // ── extend: the form, then what the customer is told and the letter ───────
  app.view<ViewSubmitAction>(callbackIds.extend, async ({ ack, body }) => {
    const got = await read(body, ack, TargetMetadataSchema.extend({ caseId: z.uuid() }));
    if (!got) return;
    const form = ExtendSchema.safeParse(fieldsOf(got.submission, ['clock', 'date', 'reason']));
    if (!form.success) return void (await ack({ response_action: 'errors', errors: errorsOf(form.error) }));
    const user = got.submission.user.id;
    const row = await deps.store.getCase(got.meta.caseId);
    if (!row) return void (await ack(fieldError('clock', 'The case is gone.')));
    try {
      // Due at the end of the chosen London day, as every working-day clock is.
      const preview = await deps.staff.previewExtend(
        got.meta.caseId,
        form.data.clock,
        endOfLondonDay(form.data.date),
        form.data.reason,
        await colleagueFor(user, got.meta),
      );
      const draftId = await deps.drafts.save(user, form.data);
      await ack({
        response_action: 'push',
        view: previewView({
          callbackId: callbackIds.extendConfirm,
          title: 'Check and extend',
          metadata: JSON.stringify({ ...got.meta, draftId }),
          lead: `*${row.reference}*: the response is now due *${form.data.date}*, ${preview.granted.workingDaysRequested} working days later than first set (at most ${preview.granted.capWorkingDays}; ${escapeSlack(preview.granted.basis)}).`,
          preview,
          submit: 'Extend and tell them',
          pushed: true,
        }),
      });
    } catch (error) {
      if (error instanceof ExtensionRefusedError) {
        const block =
          error.refusal === 'reason_required' ? 'reason' : error.refusal === 'not_extendable' ? 'clock' : 'date';
        return void (await ack(fieldError(block, `Refused: ${error.message}`)));
      }
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      return void (await ack(fieldError('clock', refusal)));
    }
  });

  app.view<ViewSubmitAction>(callbackIds.extendConfirm, async ({ ack, body }) => {
    const got = await confirmed(body, ack, ExtendSchema);
    if (!got || !got.meta.caseId) return;
    try {
      await deps.staff.extend(
        got.meta.caseId,
        got.draft.clock,
        endOfLondonDay(got.draft.date),
        got.draft.reason,
        got.colleague,
        `extend:${got.meta.draftId}`,
      );
    } catch (error) {
      return refused(ack, error);
    }
    await deps.drafts.drop(got.meta.draftId);
    await ack({ response_action: 'clear' });
  });

  // ── resolve: the form, then the response and the letter as they will go ────
  app.view<ViewSubmitAction>(callbackIds.resolve, async ({ ack, body }) => {
    const got = await read(body, ack, TargetMetadataSchema.extend({ caseId: z.uuid() }));
    if (!got) return;
    const form = ResolveSchema.safeParse(
      fieldsOf(got.submission, ['outcome', 'reasons', 'remedy', 'outstanding', 'changes']),
    );
    if (!form.success) return void (await ack({ response_action: 'errors', errors: errorsOf(form.error) }));
    const row = await deps.store.getCase(got.meta.caseId);
    if (!row) return void (await ack(fieldError('outcome', 'The case is gone.')));
    if (!outcomesFor(row).includes(form.data.outcome))
      return void (await ack(fieldError('outcome', 'That outcome does not fit this kind of case.')));
    const user = got.submission.user.id;
    try {
      const preview = await deps.staff.previewResolve(row.id, await colleagueFor(user, got.meta), form.data);
      const draftId = await deps.drafts.save(user, form.data);
      await ack({
        response_action: 'push',
        view: previewView({
          callbackId: callbackIds.resolveConfirm,
          title: 'Check and send',
          metadata: JSON.stringify({ ...got.meta, draftId }),
          lead: `*${row.reference}* is resolved: its clocks are met and the customer gets this response. The assistant then answers them again${row.kind === 'formal_complaint' && row.stage === 'stage1' ? ', so they can ask for stage 2' : ''}.`,
          preview,
          submit: 'Send response',
          pushed: true,
        }),
      });
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      await ack(fieldError('outcome', refusal));
    }
  });

  app.view<ViewSubmitAction>(callbackIds.resolveConfirm, async ({ ack, body }) => {
    const got = await confirmed(body, ack, ResolveSchema);
    if (!got || !got.meta.caseId) return;
    let told;
    try {
      told = (await deps.staff.resolve(got.meta.caseId, got.colleague, got.draft, `resolve:${got.meta.draftId}`)).told;
    } catch (error) {
      return refused(ack, error);
    }
    await deps.drafts.drop(got.meta.draftId);
    if (told) await confirmInThread(deps, told.conversation_id, told.id, got.meta.thread);
    await ack({ response_action: 'clear' });
  });

  // ── stage 2, taken by a colleague: the preview was the modal ──────────────
  app.view<ViewSubmitAction>(callbackIds.stage2Confirm, async ({ ack, body }) => {
    const got = await read(body, ack, TargetMetadataSchema.extend({ caseId: z.uuid() }));
    if (!got) return;
    try {
      await deps.staff.takeStage2(got.meta.caseId, await colleagueFor(got.submission.user.id, got.meta));
    } catch (error) {
      return refused(ack, error);
    }
    await ack({ response_action: 'clear' });
  });

  // ── close: nothing is sent, the modal says so ───────────────────────────────
  app.view<ViewSubmitAction>(callbackIds.close, async ({ ack, body }) => {
    const got = await read(body, ack, ModalMetadataSchema);
    if (!got) return;
    const form = CloseSchema.safeParse({
      ...fieldsOf(got.submission, ['as', 'reason']),
      duplicate_of: inputValue(got.submission, 'duplicate_of') || undefined,
    });
    if (!form.success) return void (await ack({ response_action: 'errors', errors: errorsOf(form.error) }));
    if (form.data.as === 'duplicate' && !form.data.duplicate_of)
      return void (await ack(fieldError('duplicate_of', 'Give the reference of the case it duplicates.')));
    const row = await deps.store.getCase(got.meta.caseId);
    if (!row) return void (await ack(fieldError('as', 'The case is gone.')));
    try {
      await deps.staff.close(row.id, await colleagueForCase(deps, got.submission.user.id, row), {
        as: form.data.as,
        reason: form.data.reason,
        duplicateOf: form.data.duplicate_of ?? null,
      });
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      const block = /no case|duplicate itself|duplicate of this/.test(refusal)
        ? 'duplicate_of'
        : /reason|say why/i.test(refusal)
          ? 'reason'
          : 'as';
      return void (await ack(fieldError(block, refusal)));
    }
    await ack();
  });

  // ── assign: a waiting customer is told who has them now, so that is shown first ──
  const assignTo = async (caseId: string, byUser: string, toUser: string, key: string): Promise<void> => {
    const row = await deps.store.getCase(caseId);
    if (!row) throw new Error('case gone');
    await deps.staff.assign(
      caseId,
      await colleagueForCase(deps, byUser, row),
      await colleagueForCase(deps, toUser, row),
      key,
    );
  };

  app.view<ViewSubmitAction>(callbackIds.assign, async ({ ack, body }) => {
    const got = await read(body, ack, ModalMetadataSchema);
    if (!got) return;
    const form = AssignSchema.safeParse(fieldsOf(got.submission, ['assignee']));
    if (!form.success) return void (await ack({ response_action: 'errors', errors: errorsOf(form.error) }));
    const row = await deps.store.getCase(got.meta.caseId);
    if (!row) return void (await ack(fieldError('assignee', 'The case is gone.')));
    const user = got.submission.user.id;
    try {
      const preview = await deps.staff.previewJoin(row.id, await colleagueForCase(deps, form.data.assignee, row));
      if (preview.messages.length > 0) {
        const draftId = await deps.drafts.save(user, form.data);
        return void (await ack({
          response_action: 'push',
          view: previewView({
            callbackId: callbackIds.assignConfirm,
            title: 'Check and assign',
            metadata: JSON.stringify({ caseId: row.id, conversationId: row.conversation_id, thread: null, draftId }),
            lead: `*${row.reference}* goes to <@${form.data.assignee}>. The customer is talking to a person now, so they are told who has them.`,
            preview: { ...preview, claims: false },
            submit: 'Assign',
            pushed: true,
          }),
        }));
      }
      await assignTo(row.id, user, form.data.assignee, `assign:${got.submission.view.id}`);
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      return void (await ack(fieldError('assignee', refusal)));
    }
    await ack();
  });

  app.view<ViewSubmitAction>(callbackIds.assignConfirm, async ({ ack, body }) => {
    const got = await confirmed(body, ack, AssignSchema);
    if (!got || !got.meta.caseId) return;
    try {
      await assignTo(got.meta.caseId, got.submission.user.id, got.draft.assignee, `assign:${got.meta.draftId}`);
    } catch (error) {
      return refused(ack, error);
    }
    await deps.drafts.drop(got.meta.draftId);
    await ack({ response_action: 'clear' });
  });

  // ── reply to customer: what to write, then exactly what they receive ───────
  app.view<ViewSubmitAction>(callbackIds.reply, async ({ ack, body }) => {
    const got = await read(body, ack, TargetMetadataSchema.extend({ conversationId: z.uuid() }));
    if (!got) return;
    const form = ReplySchema.safeParse(fieldsOf(got.submission, ['message']));
    if (!form.success) return void (await ack({ response_action: 'errors', errors: errorsOf(form.error) }));
    const user = got.submission.user.id;
    try {
      const input = {
        conversationId: got.meta.conversationId,
        caseId: got.meta.caseId,
        colleague: await colleagueFor(user, got.meta),
        text: form.data.message,
      };
      const preview = await deps.staff.previewReply(input);
      const row = got.meta.caseId ? await deps.store.getCase(got.meta.caseId) : undefined;
      const draftId = await deps.drafts.save(user, { text: form.data.message });
      await ack({
        response_action: 'push',
        view: previewView({
          callbackId: callbackIds.replyConfirm,
          title: 'Check and send',
          metadata: JSON.stringify({ ...got.meta, draftId }),
          lead: `${row ? `*${row.reference}*: ` : ''}this goes to the customer when you press *Send*, and is confirmed in the thread with its delivery status.`,
          preview,
          submit: 'Send',
          pushed: true,
        }),
      });
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      await ack(fieldError('message', refusal));
    }
  });

  app.view<ViewSubmitAction>(callbackIds.replyConfirm, async ({ ack, body }) => {
    const got = await confirmed(body, ack, z.object({ text: z.string().min(1).max(1500) }));
    if (!got || !got.meta.conversationId) return;
    let sent;
    try {
      sent = await deps.staff.replyToCustomer({
        conversationId: got.meta.conversationId,
        caseId: got.meta.caseId,
        colleague: got.colleague,
        text: got.draft.text,
        key: `reply:${got.meta.draftId}`,
      });
    } catch (error) {
      return refused(ack, error);
    }
    await deps.drafts.drop(got.meta.draftId);
    await confirmInThread(deps, sent.conversation_id, sent.id, got.meta.thread);
    if (!got.meta.caseId) await deps.cards.refreshConversationCards(got.meta.conversationId);
    await ack({ response_action: 'clear' });
  });

  // ── make a case from a live chat ───────────────────────────────────────────
  app.view<ViewSubmitAction>(callbackIds.makeCase, async ({ ack, body }) => {
    const got = await read(body, ack, TargetMetadataSchema.extend({ conversationId: z.uuid() }));
    if (!got) return;
    const form = MakeCaseSchema.safeParse({
      ...fieldsOf(got.submission, ['kind', 'words']),
      outcome: inputValue(got.submission, 'outcome') || undefined,
    });
    if (!form.success) return void (await ack({ response_action: 'errors', errors: errorsOf(form.error) }));
    const user = got.submission.user.id;
    const input = {
      kind: form.data.kind,
      customerWords: form.data.words,
      desiredOutcome: form.data.outcome ?? null,
      customerAgreedToComplaint: inputChoices(got.submission, 'agreed').includes('yes'),
    };
    try {
      const preview = await deps.staff.previewMakeCase(
        got.meta.conversationId,
        await colleagueFor(user, got.meta),
        input,
      );
      const draftId = await deps.drafts.save(user, input);
      await ack({
        response_action: 'push',
        view: previewView({
          callbackId: callbackIds.makeCaseConfirm,
          title: 'Check and make',
          metadata: JSON.stringify({ ...got.meta, draftId }),
          lead: `A new case with the customer's ${preview.attached} message${preview.attached === 1 ? '' : 's'} attached; you hold it, and its card goes to its team's channel.${
            input.kind === 'formal_complaint'
              ? ' The acknowledgement letter follows, as when the assistant logs a complaint.'
              : ''
          }`,
          preview: { ...preview, claims: false },
          submit: 'Make the case',
          pushed: true,
        }),
      });
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      await ack(
        fieldError(
          /complaint/.test(refusal) && /agree/.test(refusal) ? 'agreed' : /words/.test(refusal) ? 'words' : 'kind',
          refusal,
        ),
      );
    }
  });

  app.view<ViewSubmitAction>(callbackIds.makeCaseConfirm, async ({ ack, body }) => {
    const got = await confirmed(
      body,
      ack,
      z.object({
        kind: z.enum(caseKindsFromChat),
        customerWords: z.string(),
        desiredOutcome: z.string().nullable(),
        customerAgreedToComplaint: z.boolean(),
      }),
    );
    if (!got || !got.meta.conversationId) return;
    try {
      await deps.staff.makeCase(got.meta.conversationId, got.colleague, got.draft, `make-case:${got.meta.draftId}`);
    } catch (error) {
      return refused(ack, error);
    }
    await deps.drafts.drop(got.meta.draftId);
    await ack({ response_action: 'clear' });
  });
}

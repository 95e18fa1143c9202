import type { AckFn, App, RespondArguments, ViewResponseAction, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { restrictionArrangements } from '../../src/cases/restrictions.js';
import type { Case } from '../../src/db/rows.js';
import { endOfLondonDay, londonDateOf } from '../../src/policy/index.js';
import { assertMayWrite, refusalOf, tellColleague, type SlackHandlerDeps } from './handler-deps.js';
import { staffActor, TargetSchema, ThreadRefSchema, type ThreadRef } from './ids.js';
import { actorMention } from './labels.js';
import {
  consentModal,
  partyActionIds,
  partyCallbackIds,
  refuseModal,
  restrictModal,
  reviewModal,
} from './parties-modals.js';
import { messageView, previewView } from './modals.js';
import { BlockActionSchema, inputValue, ViewSubmissionSchema, type ViewSubmission } from './payloads.js';

type Ack = AckFn<ViewResponseAction>;

const ours = new Set<string>(Object.values(partyActionIds));

const CaseMetaSchema = z.object({ caseId: z.uuid(), thread: ThreadRefSchema.nullable() });
/** The review reminder's button carries the restriction's own id. */
const RestrictionValueSchema = z
  .string()
  .regex(/^restriction:[0-9a-f-]{36}$/)
  .transform((v) => v.slice('restriction:'.length));
const ReviewMetaSchema = z.object({
  restrictionId: z.uuid(),
  caseId: z.uuid().nullable(),
  thread: ThreadRefSchema.nullable(),
});
const DraftMetaSchema = z.object({ draftId: z.uuid(), thread: ThreadRefSchema.nullable() });
const RefuseDraftSchema = z.object({ caseId: z.uuid(), reason: z.string().min(1), explanation: z.string().min(1) });
const RefuseSchema = z.object({
  reason: z.string({ message: 'Choose the reason.' }).min(1, 'Choose the reason.'),
  explanation: z.string({ message: 'Give your reasoning.' }).trim().min(1, 'Give your reasoning.').max(2000),
});
const ConsentSchema = z.object({
  party: z.uuid({ message: 'Choose the representative.' }),
  note: z.string({ message: 'Say where it is recorded.' }).trim().min(1, 'Say where it is recorded.').max(2000),
});
const RestrictSchema = z.object({
  reason: z.string({ message: 'Give the reason.' }).trim().min(1, 'Give the reason.').max(2000),
  arrangement: z.enum(restrictionArrangements, { message: 'Choose the arrangement.' }),
  detail: z.string().trim().max(2000).optional(),
  review: z.iso.date({ message: 'Choose the review date.' }),
});
const RestrictDraftSchema = z.object({
  caseId: z.uuid(),
  reason: z.string().min(1),
  arrangement: z.enum(restrictionArrangements),
  detail: z.string().nullable(),
  reviewAt: z.iso.datetime(),
  review: z.iso.date(),
});
const ReviewSchema = z.object({
  decision: z.enum(['keep', 'lift'], { message: 'Choose keep or lift.' }),
  review: z.iso.date().optional(),
});

function fields(submission: ViewSubmission, blocks: readonly string[]): Record<string, string | undefined> {
  return Object.fromEntries(blocks.map((b) => [b, inputValue(submission, b) || undefined]));
}

function errorsOf(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[String(issue.path[0] ?? 'reason')] ??= issue.message;
  return errors;
}

function fieldError(block: string, message: string): ViewResponseAction {
  return {
    response_action: 'errors',
    errors: { [block]: message.length > 300 ? `${message.slice(0, 299)}…` : message },
  };
}

async function read<T extends z.ZodType>(
  body: unknown,
  schema: T,
): Promise<{ submission: ViewSubmission; meta: z.output<T> } | undefined> {
  const submission = ViewSubmissionSchema.safeParse(body);
  if (!submission.success) return undefined;
  let meta: unknown;
  try {
    meta = JSON.parse(submission.data.view.private_metadata);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(meta);
  return parsed.success ? { submission: submission.data, meta: parsed.data } : undefined;
}

/** Confirm in the thread the form came from, or (from `/case`) the case's latest card thread. */
async function post(
  deps: SlackHandlerDeps,
  client: WebClient,
  where: { thread: ThreadRef | null; caseId: string | null },
  text: string,
): Promise<void> {
  const latest =
    where.thread ?? (where.caseId ? (await deps.slackStore.listSlackThreadsForCase(where.caseId)).at(-1) : undefined);
  const thread = latest && 'thread_ts' in latest ? { channel: latest.channel, ts: latest.thread_ts } : latest;
  if (thread) await client.chat.postMessage({ channel: thread.channel, thread_ts: thread.ts, text });
}

/** The modal a case button (or `/case <ref> refuse|restrict|consent|withdraw`) opens; null with why when it cannot. */
async function viewFor(
  deps: SlackHandlerDeps,
  user: string,
  actionId: string,
  row: Case,
  thread: ThreadRef | null,
): Promise<Parameters<WebClient['views']['open']>[0]['view']> {
  switch (actionId) {
    case partyActionIds.refuse:
      await assertMayWrite(deps, user, row.assignee, row.reference);
      return refuseModal(row, deps.cases.pack, thread);
    case partyActionIds.restrict:
      return restrictModal(row, thread, londonDateOf(new Date(Date.now() + 90 * 86_400_000)));
    default: {
      const written = actionId === partyActionIds.writtenConsent;
      const parties = (await deps.cases.parties.listParties(row.id)).filter((p) =>
        written
          ? p.consent_status !== 'confirmed' && p.consent_status !== 'withdrawn'
          : p.consent_status !== 'withdrawn',
      );
      if (parties.length === 0) throw new PolicyRefusal(`${row.reference} has no representative for that.`);
      return consentModal(written ? 'written' : 'withdraw', row, parties, thread);
    }
  }
}

/** A refusal to tell the colleague, not a fault. */
class PolicyRefusal extends Error {}

/**
 * Representatives, refusals and contact restrictions in Slack: the card's buttons open a
 * modal each; what is recorded is confirmed in the card's thread. Only a colleague does
 * these things (the bot never refuses or restricts), and a refusal writes to the customer,
 * so only the holder or a team lead may refuse.
 */
export function registerPartyActions(app: App, deps: SlackHandlerDeps): void {
  app.action(/^parties_/, async ({ ack, body, client }) => {
    await ack();
    const parsed = BlockActionSchema.safeParse(body);
    const action = parsed.success ? parsed.data.actions[0] : undefined;
    if (!parsed.success || !action || !ours.has(action.action_id) || !parsed.data.trigger_id) {
      deps.logger.warn({ issue: parsed.error?.issues[0]?.message }, 'slack: unrecognised party action ignored');
      return;
    }
    const user = parsed.data.user.id;
    const trigger = parsed.data.trigger_id;
    const thread =
      parsed.data.channel && parsed.data.message
        ? { channel: parsed.data.channel.id, ts: parsed.data.message.thread_ts ?? parsed.data.message.ts }
        : null;
    try {
      if (action.action_id === partyActionIds.review) {
        const id = RestrictionValueSchema.safeParse(action.value);
        const restriction = id.success ? await deps.cases.restrictions.get(id.data) : undefined;
        if (!restriction || restriction.status !== 'active')
          throw new PolicyRefusal('That restriction is no longer in force.');
        const row = restriction.case_id ? await deps.store.getCase(restriction.case_id) : undefined;
        await client.views.open({
          trigger_id: trigger,
          view: reviewModal(restriction, row?.reference ?? null, thread),
        });
        return;
      }
      const target = TargetSchema.safeParse(action.value);
      const row = target.success && 'caseId' in target.data ? await deps.store.getCase(target.data.caseId) : undefined;
      if (!row) return;
      await client.views.open({ trigger_id: trigger, view: await viewFor(deps, user, action.action_id, row, thread) });
    } catch (error) {
      const refusal = error instanceof PolicyRefusal ? error.message : refusalOf(error);
      if (!refusal) throw error;
      await tellColleague(client, parsed.data.channel?.id, user, `:no_entry: ${refusal}`);
    }
  });

  // Refuse: the form, then exactly what the customer gets (message and letter), then Refuse and send.
  app.view<ViewSubmitAction>(partyCallbackIds.refuse, async ({ ack, body }) => {
    const got = await read(body, CaseMetaSchema);
    if (!got) return void (await ack(fieldError('reason', 'This form could not be read: start again from the card.')));
    const form = RefuseSchema.safeParse(fields(got.submission, ['reason', 'explanation']));
    if (!form.success) return void (await ack({ response_action: 'errors', errors: errorsOf(form.error) }));
    const user = got.submission.user.id;
    try {
      const row = await deps.store.getCase(got.meta.caseId);
      if (row) await assertMayWrite(deps, user, row.assignee, row.reference);
      const preview = await deps.cases.refusals.preview(
        got.meta.caseId,
        form.data.reason,
        staffActor(user),
        form.data.explanation,
      );
      const draftId = await deps.drafts.save(user, { ...form.data, caseId: got.meta.caseId });
      await ack({
        response_action: 'push',
        view: previewView({
          callbackId: partyCallbackIds.refuseConfirm,
          title: 'Refuse complaint',
          metadata: JSON.stringify({ draftId, thread: got.meta.thread }),
          lead: `*${row?.reference ?? ''}* will be refused (*${form.data.reason.replace(/_/g, ' ')}*) and closed; its clocks stop.`,
          preview,
          submit: 'Refuse and send',
          pushed: true,
        }),
      });
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      await ack(fieldError(/reasoning/.test(refusal) ? 'explanation' : 'reason', refusal));
    }
  });

  app.view<ViewSubmitAction>(partyCallbackIds.refuseConfirm, async ({ ack, body, client }) => {
    const got = await read(body, DraftMetaSchema);
    const draft = got ? await deps.drafts.load(got.meta.draftId, got.submission.user.id, RefuseDraftSchema) : undefined;
    if (!got || !draft)
      return void (await ack({
        response_action: 'update',
        view: messageView('Nothing sent', 'This preview has expired, so nothing was sent. Start again from the card.'),
      }));
    const user = got.submission.user.id;
    try {
      const row = await deps.store.getCase(draft.caseId);
      if (row) await assertMayWrite(deps, user, row.assignee, row.reference);
      const refused = await deps.cases.refusals.refuse(draft.caseId, draft.reason, staffActor(user), draft.explanation);
      await deps.drafts.drop(got.meta.draftId);
      await ack({ response_action: 'clear' });
      await post(
        deps,
        client,
        { thread: got.meta.thread, caseId: draft.caseId },
        `:no_entry_sign: ${refused.reference} refused by ${actorMention(staffActor(user))}: *${draft.reason.replace(/_/g, ' ')}*. The customer has been sent the reason and the Ombudsman's details, by message and letter.`,
      );
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      await ack({ response_action: 'update', view: messageView('Not done', `:no_entry: ${refusal}`) });
    }
  });

  const consent = (callbackId: string, written: boolean) =>
    app.view<ViewSubmitAction>(callbackId, async ({ ack, body, client }) => {
      const got = await read(body, CaseMetaSchema);
      if (!got) return void (await ack(fieldError('party', 'This form could not be read: start again from the card.')));
      const form = ConsentSchema.safeParse(fields(got.submission, ['party', 'note']));
      if (!form.success) return void (await ack({ response_action: 'errors', errors: errorsOf(form.error) }));
      const actor = staffActor(got.submission.user.id);
      try {
        const party = written
          ? await deps.cases.parties.recordWrittenConsent(form.data.party, actor, form.data.note)
          : (
              await deps.cases.parties.withdrawRepresentativeConsent(
                got.meta.caseId,
                actor,
                // Told to a colleague (a call, a letter): recorded as the staff channel, with who recorded it.
                'staff',
                form.data.note,
                form.data.party,
              )
            )[0];
        await ack();
        await post(
          deps,
          client,
          got.meta,
          written
            ? `:white_check_mark: ${actorMention(actor)} recorded the customer's written consent for ${party?.name ?? 'their representative'} to act for them.`
            : `:no_entry: ${actorMention(actor)} recorded that the customer withdrew consent for ${party?.name ?? 'their representative'}: nothing about the case goes to them now.`,
        );
      } catch (error) {
        const refusal = refusalOf(error);
        if (!refusal) throw error;
        await ack(fieldError(/note/.test(refusal) ? 'note' : 'party', refusal));
      }
    });
  consent(partyCallbackIds.writtenConsent, true);
  consent(partyCallbackIds.withdrawConsent, false);

  // Restrict: the form, then exactly the letter the customer gets, then Restrict and send (as Refuse).
  app.view<ViewSubmitAction>(partyCallbackIds.restrict, async ({ ack, body }) => {
    const got = await read(body, CaseMetaSchema);
    if (!got) return void (await ack(fieldError('reason', 'This form could not be read: start again from the card.')));
    const form = RestrictSchema.safeParse(fields(got.submission, ['reason', 'arrangement', 'detail', 'review']));
    if (!form.success) return void (await ack({ response_action: 'errors', errors: errorsOf(form.error) }));
    const user = got.submission.user.id;
    const input = {
      caseId: got.meta.caseId,
      reason: form.data.reason,
      arrangement: form.data.arrangement,
      detail: form.data.detail ?? null,
      reviewAt: endOfLondonDay(form.data.review),
      actor: staffActor(user),
    };
    try {
      const preview = await deps.cases.restrictions.preview(input);
      const row = await deps.store.getCase(got.meta.caseId);
      const draftId = await deps.drafts.save(user, {
        ...input,
        reviewAt: input.reviewAt.toISOString(),
        review: form.data.review,
      });
      await ack({
        response_action: 'push',
        view: previewView({
          callbackId: partyCallbackIds.restrictConfirm,
          title: 'Restrict contact',
          metadata: JSON.stringify({ draftId, thread: got.meta.thread }),
          lead: `Contact about *${row?.reference ?? ''}* will be restricted (*${form.data.arrangement.replace(/_/g, ' ')}*) until a review by *${form.data.review}*; the customer is written to with the reason.`,
          preview,
          submit: 'Restrict and send',
          pushed: true,
        }),
      });
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      await ack(
        fieldError(/review date/.test(refusal) ? 'review' : /describe/.test(refusal) ? 'detail' : 'reason', refusal),
      );
    }
  });

  app.view<ViewSubmitAction>(partyCallbackIds.restrictConfirm, async ({ ack, body, client }) => {
    const got = await read(body, DraftMetaSchema);
    const draft = got
      ? await deps.drafts.load(got.meta.draftId, got.submission.user.id, RestrictDraftSchema)
      : undefined;
    if (!got || !draft)
      return void (await ack({
        response_action: 'update',
        view: messageView('Nothing sent', 'This preview has expired, so nothing was sent. Start again from the card.'),
      }));
    const actor = staffActor(got.submission.user.id);
    try {
      const restriction = await deps.cases.restrictions.record({
        caseId: draft.caseId,
        reason: draft.reason,
        arrangement: draft.arrangement,
        detail: draft.detail,
        reviewAt: new Date(draft.reviewAt),
        actor,
        key: `slack:${got.meta.draftId}`,
      });
      await deps.drafts.drop(got.meta.draftId);
      await ack({ response_action: 'clear' });
      await post(
        deps,
        client,
        { thread: got.meta.thread, caseId: draft.caseId },
        `:lock: ${actorMention(actor)} restricted contact (${restriction.arrangement.replace(/_/g, ' ')}); the customer has been written to. Review by *${draft.review}*: a reminder will come here.`,
      );
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      await ack({ response_action: 'update', view: messageView('Not done', `:no_entry: ${refusal}`) });
    }
  });

  app.view<ViewSubmitAction>(partyCallbackIds.review, async ({ ack, body, client }) => {
    const got = await read(body, ReviewMetaSchema);
    if (!got) return void (await ack(fieldError('decision', 'This form could not be read.')));
    const form = ReviewSchema.safeParse(fields(got.submission, ['decision', 'review']));
    if (!form.success) return void (await ack({ response_action: 'errors', errors: errorsOf(form.error) }));
    if (form.data.decision === 'keep' && !form.data.review)
      return void (await ack(fieldError('review', 'Choose the next review date.')));
    const actor = staffActor(got.submission.user.id);
    try {
      await deps.cases.restrictions.review(
        got.meta.restrictionId,
        actor,
        form.data.decision === 'lift'
          ? { lift: true }
          : { lift: false, nextReviewAt: endOfLondonDay(form.data.review ?? '') },
      );
      await ack();
      await post(
        deps,
        client,
        got.meta,
        form.data.decision === 'lift'
          ? `:unlock: ${actorMention(actor)} lifted the contact restriction.`
          : `:lock: ${actorMention(actor)} kept the contact restriction; next review by *${form.data.review}*.`,
      );
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      await ack(fieldError('decision', refusal));
    }
  });
}

const verbs: Record<string, string> = {
  refuse: partyActionIds.refuse,
  restrict: partyActionIds.restrict,
  consent: partyActionIds.writtenConsent,
  withdraw: partyActionIds.withdrawConsent,
};

/**
 * `/case CMP-… refuse` (also `restrict`, `consent`, `withdraw`): the same modal as the card's
 * button. Returns false when the command is not one of these verbs.
 */
export async function partyVerb(
  deps: SlackHandlerDeps,
  client: WebClient,
  command: { text: string; user_id: string; trigger_id?: string | undefined },
  row: Case,
  ack: (answer: RespondArguments) => Promise<void>,
): Promise<boolean> {
  const verb = /\b(refuse|restrict|consent|withdraw)\b/i.exec(command.text)?.[1]?.toLowerCase();
  const actionId = verb ? verbs[verb] : undefined;
  if (!actionId) return false;
  if (!command.trigger_id) {
    await ack({ response_type: 'ephemeral', text: "Slack did not say where to open the form: use the card's button." });
    return true;
  }
  try {
    const view = await viewFor(deps, command.user_id, actionId, row, null);
    await ack({ response_type: 'ephemeral', text: `${row.reference}: fill in the form that opened.` });
    await client.views.open({ trigger_id: command.trigger_id, view });
  } catch (error) {
    const refusal = error instanceof PolicyRefusal ? error.message : refusalOf(error);
    if (!refusal) throw error;
    await ack({ response_type: 'ephemeral', text: `:no_entry: ${refusal}` });
  }
  return true;
}

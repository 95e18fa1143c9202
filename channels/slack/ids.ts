import { z } from 'zod';

/** The ids our buttons, modals and messages carry, so handlers can find them again. */

export const actionIds = {
  claim: 'case_claim',
  reclassify: 'case_reclassify',
  extend: 'case_extend',
  resolve: 'case_resolve',
  stage2: 'case_stage2',
  handBack: 'case_handback',
  reply: 'case_reply',
  assign: 'case_assign',
  close: 'case_close',
  claimConversation: 'conversation_claim',
  handBackConversation: 'conversation_handback',
  replyConversation: 'conversation_reply',
  makeCase: 'conversation_make_case',
} as const;

export const callbackIds = {
  reclassify: 'case_reclassify_modal',
  extend: 'case_extend_modal',
  extendConfirm: 'case_extend_confirm',
  resolve: 'case_resolve_modal',
  resolveConfirm: 'case_resolve_confirm',
  stage2Confirm: 'case_stage2_confirm',
  close: 'case_close_modal',
  assign: 'case_assign_modal',
  assignConfirm: 'case_assign_confirm',
  reply: 'reply_write_modal',
  replyConfirm: 'reply_confirm',
  makeCase: 'make_case_modal',
  makeCaseConfirm: 'make_case_confirm',
} as const;

/** The message shortcut "Reply to customer" (the ⋯ menu on a message in a card's thread). */
export const replyShortcutId = 'reply_to_customer';

/** A button's value: which case or conversation it acts on. */
export type Target = { caseId: string } | { conversationId: string };

export function caseValue(caseId: string): string {
  return `case:${caseId}`;
}

export function conversationValue(conversationId: string): string {
  return `conversation:${conversationId}`;
}

export const TargetSchema = z
  .string()
  .regex(/^(case|conversation):[0-9a-f-]{36}$/)
  .transform((value): Target => {
    const [kind, id = ''] = value.split(':');
    return kind === 'case' ? { caseId: id } : { conversationId: id };
  })
  .pipe(z.union([z.object({ caseId: z.uuid() }), z.object({ conversationId: z.uuid() })]));

/** A modal remembers its case in private_metadata. */
export const ModalMetadataSchema = z.object({ caseId: z.uuid() });

/** The card thread a modal was opened from, so what it does is confirmed there. */
export const ThreadRefSchema = z.object({ channel: z.string().min(1).max(30), ts: z.string().min(1).max(30) });
export type ThreadRef = z.infer<typeof ThreadRefSchema>;

/** A modal about a case or a live conversation, opened from a card or its thread. */
export const TargetMetadataSchema = z.object({
  caseId: z.uuid().nullable(),
  conversationId: z.uuid().nullable(),
  thread: ThreadRefSchema.nullable(),
});
export type TargetMetadata = z.infer<typeof TargetMetadataSchema>;

/** A preview remembers its draft (kept server-side: Slack's metadata is too small for a response). */
export const DraftMetadataSchema = TargetMetadataSchema.extend({ draftId: z.uuid() });

export const SlackUserIdSchema = z.string().regex(/^[UW][A-Z0-9]{2,}$/);

/** The actor string for a colleague: `staff:U…` (the Outbox and the audit trail use it). */
export function staffActor(userId: string): string {
  return `staff:${userId}`;
}

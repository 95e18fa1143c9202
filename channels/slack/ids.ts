import { z } from 'zod';

/** The ids our buttons, modals and messages carry, so handlers can find them again. */

export const actionIds = {
  claim: 'case_claim',
  reclassify: 'case_reclassify',
  extend: 'case_extend',
  resolve: 'case_resolve',
  stage2: 'case_stage2',
  handBack: 'case_handback',
  claimConversation: 'conversation_claim',
  handBackConversation: 'conversation_handback',
} as const;

export const callbackIds = {
  reclassify: 'case_reclassify_modal',
  extend: 'case_extend_modal',
  resolve: 'case_resolve_modal',
} as const;

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

export const SlackUserIdSchema = z.string().regex(/^[UW][A-Z0-9]{2,}$/);

/** The actor string for a colleague: `staff:U…` (the Outbox and the audit trail use it). */
export function staffActor(userId: string): string {
  return `staff:${userId}`;
}

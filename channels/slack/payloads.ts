import { z } from 'zod';
import { SlackUserIdSchema } from './ids.js';

/**
 * What we read from Slack's requests, parsed with zod after Bolt has verified the
 * signature. Only the fields we use; Slack adds fields freely, so objects are loose.
 */

export const BlockActionSchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: SlackUserIdSchema }),
  trigger_id: z.string().min(1).optional(),
  channel: z.object({ id: z.string().min(1) }).optional(),
  message: z.object({ ts: z.string(), thread_ts: z.string().optional() }).optional(),
  actions: z
    .array(z.object({ action_id: z.string().min(1), value: z.string().max(200).optional(), action_ts: z.string().optional() }))
    .min(1),
});
export type BlockAction = z.infer<typeof BlockActionSchema>;

const InputValueSchema = z.object({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: z.object({ value: z.string() }).nullish(),
  selected_options: z.array(z.object({ value: z.string() })).nullish(),
  selected_date: z.string().nullish(),
  selected_user: z.string().nullish(),
});

export const ViewSubmissionSchema = z.object({
  type: z.literal('view_submission'),
  user: z.object({ id: SlackUserIdSchema }),
  view: z.object({
    id: z.string().min(1),
    callback_id: z.string(),
    private_metadata: z.string(),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), InputValueSchema)) }),
  }),
});
export type ViewSubmission = z.infer<typeof ViewSubmissionSchema>;

/** The one value of an input block, whatever element it is. */
export function inputValue(submission: ViewSubmission, blockId: string): string | undefined {
  const element = Object.values(submission.view.state.values[blockId] ?? {})[0];
  if (!element) return undefined;
  const value = element.selected_option?.value ?? element.selected_date ?? element.selected_user ?? element.value ?? undefined;
  return value === null ? undefined : value;
}

/** The values chosen in a checkboxes input block. */
export function inputChoices(submission: ViewSubmission, blockId: string): string[] {
  const element = Object.values(submission.view.state.values[blockId] ?? {})[0];
  return (element?.selected_options ?? []).map((o) => o.value);
}

/** A message shortcut ("Reply to customer" on a message in a card's thread). */
export const MessageShortcutSchema = z.object({
  type: z.literal('message_action'),
  callback_id: z.string(),
  trigger_id: z.string().min(1),
  user: z.object({ id: SlackUserIdSchema }),
  channel: z.object({ id: z.string().min(1) }),
  message: z.object({
    ts: z.string().min(1),
    thread_ts: z.string().optional(),
    text: z.string().max(40_000).optional(),
    user: z.string().optional(),
    bot_id: z.string().optional(),
  }),
});
export type MessageShortcut = z.infer<typeof MessageShortcutSchema>;

export const MessageEventSchema = z.object({
  type: z.literal('message'),
  channel: z.string().min(1),
  ts: z.string().min(1),
  thread_ts: z.string().optional(),
  user: z.string().optional(),
  text: z.string().max(40_000).optional(),
  bot_id: z.string().optional(),
  subtype: z.string().optional(),
});
export type MessageEvent = z.infer<typeof MessageEventSchema>;

export const SlashCommandSchema = z.object({
  command: z.string(),
  text: z.string().max(500).default(''),
  channel_id: z.string().min(1),
  channel_name: z.string().optional(),
  user_id: SlackUserIdSchema,
});

export const AppHomeOpenedSchema = z.object({
  type: z.literal('app_home_opened'),
  user: SlackUserIdSchema,
  tab: z.string().optional(),
});

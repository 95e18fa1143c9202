import { z } from 'zod';
import { storableText } from '../../src/storable-text.js';
import { SlackUserIdSchema } from './ids.js';

/**
 * What we read from Slack's requests, parsed with zod after Bolt has verified the
 * signature. Only the fields we use; Slack adds fields freely, so objects are loose.
 */

/** What a colleague wrote, as PostgreSQL can hold it (src/storable-text.ts): a NUL never fails their note or reply. */
const Written = () => z.string().overwrite(storableText);
/** A Slack channel id (C…, G…, D…): anything else names no channel of ours and is ignored. */
export const SlackChannelIdSchema = z.string().regex(/^[A-Z0-9]{2,40}$/);
/** A Slack message ts (`1700000000.000100`). */
const TsSchema = z.string().regex(/^\d{1,12}\.\d{1,8}$/);

export const BlockActionSchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: SlackUserIdSchema }),
  trigger_id: z.string().min(1).optional(),
  channel: z.object({ id: z.string().min(1) }).optional(),
  message: z.object({ ts: z.string(), thread_ts: z.string().optional() }).optional(),
  actions: z
    .array(
      z.object({
        action_id: z.string().min(1),
        value: z.string().max(200).optional(),
        action_ts: z.string().optional(),
      }),
    )
    .min(1),
});
export type BlockAction = z.infer<typeof BlockActionSchema>;

const InputValueSchema = z.object({
  type: z.string(),
  value: Written().nullish(),
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
  const value =
    element.selected_option?.value ?? element.selected_date ?? element.selected_user ?? element.value ?? undefined;
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
  channel: z.object({ id: SlackChannelIdSchema }),
  message: z.object({
    ts: TsSchema,
    thread_ts: TsSchema.optional(),
    text: Written().max(40_000).optional(),
    user: z.string().optional(),
    bot_id: z.string().optional(),
  }),
});
export type MessageShortcut = z.infer<typeof MessageShortcutSchema>;

export const MessageEventSchema = z.object({
  type: z.literal('message'),
  channel: SlackChannelIdSchema,
  ts: TsSchema,
  thread_ts: TsSchema.optional(),
  user: z.string().optional(),
  text: Written().max(40_000).optional(),
  bot_id: z.string().optional(),
  subtype: z.string().optional(),
});
export type MessageEvent = z.infer<typeof MessageEventSchema>;

/** The longest /case text we read: a reference and a word or two. */
export const maxCommandText = 500;

export const SlashCommandSchema = z.object({
  command: z.string(),
  text: Written().max(maxCommandText).default(''),
  channel_id: SlackChannelIdSchema,
  channel_name: Written().max(200).optional(),
  user_id: SlackUserIdSchema,
  /** Opens a modal from a verb (`/case CMP-… refuse`). */
  trigger_id: z.string().min(1).max(200).optional(),
});

export const AppHomeOpenedSchema = z.object({
  type: z.literal('app_home_opened'),
  user: SlackUserIdSchema,
  tab: z.string().optional(),
});

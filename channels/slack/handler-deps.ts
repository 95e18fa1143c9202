import type { WebClient } from '@slack/web-api';
import type { CaseService } from '../../src/cases/case-service.js';
import type { JobSink } from '../../src/cases/sla-jobs.js';
import type { Colleague, StaffActions } from '../../src/cases/staff-actions.js';
import type { StepService } from '../../src/cases/steps.js';
import type { SlackRoutes } from './settings.js';
import type { SlackCoreStore } from './ports.js';
import type { Case } from '../../src/db/rows.js';
import { NotFoundError, PolicyError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import { jobId } from '../../src/queues/definitions.js';
import type { SlackCards } from './cards.js';
import type { SlackStore } from './slack-store.js';
import type { Colleagues } from './colleagues.js';
import type { Drafts } from './drafts.js';
import type { ChannelPrivacy } from './privacy.js';
import { staffActor, type ThreadRef } from './ids.js';
import { actorMention } from './labels.js';
import { routeForCase, routeForHandoff } from './routing.js';

/** What the Bolt listeners work with. */
export interface SlackHandlerDeps {
  store: SlackCoreStore;
  /** Slack's own posts, threads and relay. */
  slackStore: SlackStore;
  staff: StaffActions;
  cases: CaseService;
  /** Steps that meet clocks, and remedies. */
  steps: StepService;
  cards: SlackCards;
  colleagues: Colleagues;
  /** Whether a channel is private: where a case's personal details may be shown. */
  privacy: ChannelPrivacy;
  drafts: Drafts;
  routes: SlackRoutes;
  /** Handoff jobs: a colleague's message confirmed in the thread, with its delivery status. */
  queues: JobSink;
  /** Channels (ids or #names) where `/case` shows a case. */
  caseChannels: readonly string[];
  /** SLACK_THREAD_REPLIES_TO_CUSTOMER: the old behaviour, where a plain thread message goes to the customer. */
  threadRepliesToCustomer: boolean;
  /** True the first time `key` is seen within `seconds` (a hint shown once, not on every message). */
  firstTime(key: string, seconds: number): Promise<boolean>;
  logger: Logger;
}

/** A refusal a colleague should read (a policy rule, a case that is gone), as opposed to a fault. */
export function refusalOf(error: unknown): string | null {
  return error instanceof PolicyError || error instanceof NotFoundError ? error.message : null;
}

/** Tell one colleague something only they should see. */
export async function tellColleague(
  client: WebClient,
  channel: string | undefined,
  user: string,
  text: string,
): Promise<void> {
  if (!channel) return;
  await client.chat.postEphemeral({ channel, user, text });
}

/** The colleague acting on a case, for the team that case belongs to now (what the customer is told). */
export function colleagueForCase(deps: SlackHandlerDeps, userId: string, row: Case): Promise<Colleague> {
  return deps.colleagues.colleague(userId, routeForCase(deps.routes, row).team);
}

/** The colleague acting on a live conversation with no case, for the team its card went to. */
export async function colleagueForConversation(
  deps: SlackHandlerDeps,
  userId: string,
  conversationId: string,
): Promise<Colleague> {
  const thread = await deps.slackStore.latestSlackThreadForConversation(conversationId);
  return deps.colleagues.colleague(userId, routeForHandoff(deps.routes, thread?.reason ?? 'customer_asked').team);
}

/** Confirm a colleague's message to the customer in the thread, and keep its delivery status there. */
export async function confirmInThread(
  deps: SlackHandlerDeps,
  conversationId: string,
  messageId: string,
  thread: ThreadRef | null,
): Promise<void> {
  await deps.queues.add(
    'handoff',
    { type: 'reply_status', conversationId, messageId, ...(thread ? { thread } : {}) },
    { id: jobId('reply-status', messageId, 'written') },
  );
}

/** Only the holder, a team lead, or anyone on what nobody holds may write to the customer. */
export async function assertMayWrite(
  deps: SlackHandlerDeps,
  user: string,
  holder: string | null,
  what: string,
): Promise<void> {
  if (!holder || holder === staffActor(user) || (await deps.colleagues.isLead(user))) return;
  throw new PolicyError(
    `${what} is held by ${actorMention(holder)}: only they or a team lead may write to the customer. Add a note in the thread instead.`,
  );
}

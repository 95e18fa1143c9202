import type { WebClient } from '@slack/web-api';
import type { CaseService } from '../../src/cases/case-service.js';
import type { StaffActions } from '../../src/cases/staff-actions.js';
import type { CaseStore } from '../../src/db/case-store.js';
import { NotFoundError, PolicyError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import type { SlackCards } from './cards.js';

/** What the Bolt listeners work with. */
export interface SlackHandlerDeps {
  store: CaseStore;
  staff: StaffActions;
  cases: CaseService;
  cards: SlackCards;
  /** Channels (ids or #names) where `/case` shows a case. */
  caseChannels: readonly string[];
  logger: Logger;
}

/** A refusal a colleague should read (a policy rule, a case that is gone), as opposed to a fault. */
export function refusalOf(error: unknown): string | null {
  return error instanceof PolicyError || error instanceof NotFoundError ? error.message : null;
}

/** Tell one colleague something only they should see. */
export async function tellColleague(client: WebClient, channel: string | undefined, user: string, text: string): Promise<void> {
  if (!channel) return;
  await client.chat.postEphemeral({ channel, user, text });
}

import type { App, types } from '@slack/bolt';
import type { CaseService } from '../../src/cases/case-service.js';
import type { CaseStore } from '../../src/db/case-store.js';
import type { Case, CaseClock } from '../../src/db/rows.js';
import { endOfLondonDay } from '../../src/policy/index.js';
import type { Block } from './case-card.js';
import { escapeSlack, truncate } from './escape.js';
import type { SlackHandlerDeps } from './handler-deps.js';
import { staffActor } from './ids.js';
import { clockLabel, kindLabel, stageLabel, staffDate } from './labels.js';
import { AppHomeOpenedSchema } from './payloads.js';

/** "Due in the next 2 working days": the window the issue asks App Home to show. */
export const dueSoonWorkingDays = 2;

function caseLine(row: Case, clock?: CaseClock): string {
  const due = clock ? ` · ${clockLabel(clock.name)} due *${staffDate(new Date(clock.due_at))}*` : '';
  return `*${row.reference}* · ${kindLabel[row.kind]} · ${stageLabel[row.stage]}${due}\n${escapeSlack(truncate(row.customer_words.replace(/\s+/g, ' '), 120))}`;
}

function list(title: string, lines: string[], empty: string): Block[] {
  const blocks: Block[] = [{ type: 'header', text: { type: 'plain_text', text: title } }];
  if (lines.length === 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `_${empty}_` } });
  // One section per case; App Home allows 100 blocks, so the longest lists are cut.
  for (const line of lines.slice(0, 40)) blocks.push({ type: 'section', text: { type: 'mrkdwn', verbatim: true, text: line } });
  if (lines.length > 40) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${lines.length - 40} more` }] });
  return blocks;
}

/** The colleague's own open cases, and every case with a clock due within two working days. */
export async function homeView(store: CaseStore, cases: CaseService, userId: string, now: Date): Promise<types.HomeView> {
  const calendar = cases.policyFor('england-and-wales').calendar;
  const horizon = endOfLondonDay(calendar.addWorkingDaysToDate(calendar.dayZero(now), dueSoonWorkingDays));
  const mine = await store.listOpenCasesAssignedTo(staffActor(userId));
  const due = await store.listOpenCasesDueBy(horizon);
  const running = new Map<string, CaseClock>();
  for (const { case: row, clock } of due) running.set(row.id, clock);
  return {
    type: 'home',
    blocks: [
      ...list('My cases', mine.map((row) => caseLine(row, running.get(row.id))), 'No open cases are assigned to you.'),
      { type: 'divider' },
      ...list(
        `Due in the next ${dueSoonWorkingDays} working days`,
        due.map(({ case: row, clock }) => caseLine(row, clock)),
        'Nothing falls due in that time.',
      ),
    ],
  };
}

export function registerAppHome(app: App, deps: SlackHandlerDeps & { now?: () => Date }): void {
  app.event('app_home_opened', async ({ event, client }) => {
    const opened = AppHomeOpenedSchema.safeParse(event);
    if (!opened.success || (opened.data.tab !== undefined && opened.data.tab !== 'home')) return;
    const view = await homeView(deps.store, deps.cases, opened.data.user, deps.now?.() ?? new Date());
    await client.views.publish({ user_id: opened.data.user, view });
  });
}

import type { App, types } from '@slack/bolt';
import type { CaseService } from '../../src/cases/case-service.js';
import { isEmergencyCase } from '../../src/cases/staff-actions.js';
import type { Case, CaseClock } from '../../src/db/rows.js';
import { endOfLondonDay } from '../../src/policy/index.js';
import type { Block } from './case-card.js';
import { escapeSlack, truncate } from './escape.js';
import type { SlackHandlerDeps } from './handler-deps.js';
import { staffActor } from './ids.js';
import { actorMention, clockLabel, kindLabel, stageLabel, staffDate } from './labels.js';
import { AppHomeOpenedSchema } from './payloads.js';
import type { SlackStore } from './slack-store.js';

/** "Due in the next 2 working days": the window the issue asks App Home to show. */
export const dueSoonWorkingDays = 2;
/** Rows shown per list: App Home allows 100 blocks, and a list longer than this is for the channel. */
const rowsPerList = 14;

/** An open case as App Home sorts it: its most pressing clock, whether it is overdue, and its card. */
export interface QueueRow {
  case: Case;
  /** A missed clock first, else the soonest running one. */
  clock: CaseClock | undefined;
  overdue: boolean;
  permalink: string | null;
}

/** The team's open work, sorted into the views a team lead and a colleague need. */
export interface Queue {
  open: QueueRow[];
  unclaimed: QueueRow[];
  overdue: QueueRow[];
  dueSoon: QueueRow[];
  mine: QueueRow[];
  /** Open cases per colleague, with how many are overdue; most overdue first. */
  byColleague: { assignee: string; open: number; overdue: number }[];
}

/** Emergencies first, then the most pressing clock, then the oldest. */
function byUrgency(a: QueueRow, b: QueueRow): number {
  const emergency = Number(isEmergencyCase(b.case)) - Number(isEmergencyCase(a.case));
  if (emergency !== 0) return emergency;
  const due = (r: QueueRow) => (r.clock ? new Date(r.clock.due_at).getTime() : Number.POSITIVE_INFINITY);
  return due(a) - due(b) || new Date(a.case.received_at).getTime() - new Date(b.case.received_at).getTime();
}

/**
 * Sort the open cases. A case is overdue while any clock was missed (breached, or running
 * past its due time) and it is still open: it stays in view until resolved or closed.
 */
export async function buildQueue(
  store: Pick<SlackStore, 'listOpenCasesWithClocks'>,
  cases: CaseService,
  userId: string,
  now: Date,
): Promise<Queue> {
  const calendar = cases.policyFor('england-and-wales').calendar;
  const horizon = endOfLondonDay(calendar.addWorkingDaysToDate(calendar.dayZero(now), dueSoonWorkingDays));
  const rows: QueueRow[] = (await store.listOpenCasesWithClocks()).map(({ case: row, clocks, permalink }) => {
    const missed = clocks.filter((c) => c.status === 'breached' || new Date(c.due_at).getTime() < now.getTime());
    const clock = missed[0] ?? clocks.find((c) => c.status === 'running');
    return { case: row, clock, overdue: missed.length > 0, permalink };
  });
  rows.sort(byUrgency);
  const me = staffActor(userId);
  const colleagues = new Map<string, { assignee: string; open: number; overdue: number }>();
  for (const row of rows) {
    if (!row.case.assignee) continue;
    const entry = colleagues.get(row.case.assignee) ?? { assignee: row.case.assignee, open: 0, overdue: 0 };
    entry.open += 1;
    if (row.overdue) entry.overdue += 1;
    colleagues.set(row.case.assignee, entry);
  }
  return {
    open: rows,
    unclaimed: rows.filter((r) => !r.case.assignee),
    overdue: rows.filter((r) => r.overdue),
    dueSoon: rows.filter(
      (r) => !r.overdue && r.clock?.status === 'running' && new Date(r.clock.due_at).getTime() <= horizon.getTime(),
    ),
    mine: rows.filter((r) => r.case.assignee === me),
    byColleague: [...colleagues.values()].sort((a, b) => b.overdue - a.overdue || b.open - a.open),
  };
}

function caseLine(row: QueueRow): string {
  const { case: c, clock } = row;
  const reference = row.permalink ? `<${row.permalink}|*${c.reference}*>` : `*${c.reference}*`;
  const due = clock
    ? row.overdue
      ? ` · :rotating_light: ${clockLabel(clock.name)} was due *${staffDate(new Date(clock.due_at))}*`
      : ` · ${clockLabel(clock.name)} due *${staffDate(new Date(clock.due_at))}*`
    : '';
  const who = c.assignee ? ` · ${actorMention(c.assignee)}` : ' · _unclaimed_';
  const emergency = isEmergencyCase(c) ? ':rotating_light: ' : '';
  return `${emergency}${reference} · ${kindLabel[c.kind]} · ${stageLabel[c.stage]}${due}${who}\n${escapeSlack(truncate(c.customer_words.replace(/\s+/g, ' '), 120))}`;
}

function list(title: string, rows: QueueRow[], empty: string): Block[] {
  const blocks: Block[] = [{ type: 'header', text: { type: 'plain_text', text: `${title} (${rows.length})` } }];
  if (rows.length === 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `_${empty}_` } });
  for (const row of rows.slice(0, rowsPerList))
    blocks.push({ type: 'section', text: { type: 'mrkdwn', verbatim: true, text: caseLine(row) } });
  if (rows.length > rowsPerList)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${rows.length - rowsPerList} more` }] });
  return blocks;
}

function counts(queue: Queue): Block {
  const count = (n: number, what: string) => `*${n}* ${what}`;
  return {
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: [
          count(queue.unclaimed.length, 'unclaimed'),
          count(queue.overdue.length, 'overdue'),
          count(queue.dueSoon.length, `due in ${dueSoonWorkingDays} working days`),
          count(queue.open.length, 'open'),
        ].join(' · '),
      },
    ],
  };
}

function byColleague(queue: Queue): Block[] {
  const lines = queue.byColleague.map(
    (c) =>
      `${actorMention(c.assignee)}: ${c.open} open${c.overdue > 0 ? `, :rotating_light: ${c.overdue} overdue` : ''}`,
  );
  return [
    { type: 'header', text: { type: 'plain_text', text: `By colleague (${queue.byColleague.length})` } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(lines.length > 0 ? lines.join('\n') : '_Nobody holds an open case._', 2900),
      },
    },
  ];
}

/**
 * A team lead sees the team's queue: counts, then unclaimed, overdue, due soon and each
 * colleague's load, then their own. A colleague sees their own cases first, then what is
 * waiting for anyone. Every row links to its card. Nothing personal is shown here: the
 * card, in its private channel, has the customer's details.
 */
export async function homeView(
  store: Pick<SlackStore, 'listOpenCasesWithClocks'>,
  cases: CaseService,
  userId: string,
  now: Date,
  lead: boolean,
): Promise<types.HomeView> {
  const queue = await buildQueue(store, cases, userId, now);
  const divider: Block = { type: 'divider' };
  const mine = list('My cases', queue.mine, 'No open cases are assigned to you.');
  const unclaimed = list('Unclaimed', queue.unclaimed, 'Every open case has someone on it.');
  const overdue = list('Overdue', queue.overdue, 'Nothing is overdue.');
  const dueSoon = list(
    `Due in the next ${dueSoonWorkingDays} working days`,
    queue.dueSoon,
    'Nothing falls due in that time.',
  );
  const blocks: Block[] = lead
    ? [
        { type: 'header', text: { type: 'plain_text', text: 'Team queue' } },
        counts(queue),
        divider,
        ...unclaimed,
        divider,
        ...overdue,
        divider,
        ...dueSoon,
        divider,
        ...byColleague(queue),
        ...(queue.mine.length > 0 ? [divider, ...mine] : []),
      ]
    : [...mine, divider, counts(queue), ...unclaimed, divider, ...overdue, divider, ...dueSoon];
  return { type: 'home', blocks: blocks.slice(0, 100) };
}

export function registerAppHome(app: App, deps: SlackHandlerDeps & { now?: () => Date }): void {
  app.event('app_home_opened', async ({ event, client }) => {
    const opened = AppHomeOpenedSchema.safeParse(event);
    if (!opened.success || (opened.data.tab !== undefined && opened.data.tab !== 'home')) return;
    const lead = await deps.colleagues.isLead(opened.data.user);
    const view = await homeView(deps.slackStore, deps.cases, opened.data.user, deps.now?.() ?? new Date(), lead);
    try {
      await client.views.publish({ user_id: opened.data.user, view });
    } catch (error) {
      // The Home tab is drawn again the next time it is opened: a refusal (a token Slack does
      // not accept, an outage) is logged, and Slack is not asked to send the event again.
      deps.logger.warn({ err: (error as Error).message }, 'app home not published');
    }
  });
}

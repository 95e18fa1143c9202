import type { TeamKey } from '../../src/cases/staff-actions.js';
import type { SlackRouteRule, SlackRoutes } from './settings.js';
import type { Case } from '../../src/db/rows.js';

/** Where a card goes, whether it calls the channel's attention, and the team the customer is told they are talking to. */
export interface Route {
  channel: string;
  mention: 'here' | 'channel' | null;
  team: TeamKey;
}

type Routable = Pick<Case, 'kind' | 'stage' | 'flags' | 'priority'>;

function matches(rule: SlackRouteRule, c: Routable): boolean {
  if (rule.kind && !rule.kind.includes(c.kind)) return false;
  if (rule.stage && !rule.stage.includes(c.stage)) return false;
  if (rule.flag && !rule.flag.some((f) => c.flags.includes(f))) return false;
  return true;
}

export function isEmergency(c: Routable): boolean {
  return c.kind === 'emergency' || c.priority === 'emergency' || c.flags.includes('emergency');
}

/**
 * The configured rules first, then: emergencies to the emergency repairs channel with
 * @here (seed 001: made safe in 24 hours, so someone must see it now); stage 2 to senior
 * managers (seed 004: a senior manager not involved at stage 1); formal complaints to
 * complaints liaison; first-time fixes and enquiries to customer services.
 */
export function routeForCase(routes: SlackRoutes, c: Routable): Route {
  const rule = routes.rules.find((r) => matches(r, c));
  if (rule) return { channel: rule.channel, mention: rule.mention ?? null, team: teamOf(routes, rule.channel) };
  if (isEmergency(c)) return { channel: routes.emergencies, mention: 'here', team: 'emergencies' };
  if (c.stage === 'stage2') return { channel: routes.seniorManagers, mention: null, team: 'seniorManagers' };
  if (c.kind === 'formal_complaint') return { channel: routes.complaints, mention: null, team: 'complaints' };
  return { channel: routes.customerServices, mention: null, team: 'customerServices' };
}

/** A rule's channel may be one of the four teams' own; otherwise the customer is told "our team". */
function teamOf(routes: SlackRoutes, channel: string): TeamKey {
  if (channel === routes.emergencies) return 'emergencies';
  if (channel === routes.seniorManagers) return 'seniorManagers';
  if (channel === routes.complaints) return 'complaints';
  if (channel === routes.customerServices) return 'customerServices';
  return 'other';
}

/** A live handoff with no case yet: emergencies and welfare concerns need someone now. */
export function routeForHandoff(routes: SlackRoutes, reason: string): Route {
  if (reason === 'emergency' || reason === 'safeguarding')
    return { channel: routes.emergencies, mention: 'here', team: 'emergencies' };
  return { channel: routes.customerServices, mention: null, team: 'customerServices' };
}

/** Every channel a card can go to: by default, where `/case` may be used. */
export function routedChannels(routes: SlackRoutes): string[] {
  return [
    ...new Set([
      routes.complaints,
      routes.customerServices,
      routes.emergencies,
      routes.seniorManagers,
      ...routes.rules.map((r) => r.channel),
    ]),
  ];
}

/** Whether a channel (by id, or by name as Slack sends it without '#') is on a list of ids and #names. */
export function channelAllowed(
  allowed: readonly string[],
  channelId: string,
  channelName: string | undefined,
): boolean {
  return allowed.some((c) => c === channelId || (channelName !== undefined && c === `#${channelName}`));
}

export function mentionMarkup(mention: string | null): string {
  return mention === 'here' ? '<!here>' : mention === 'channel' ? '<!channel>' : '';
}

/** Slack users (U…, W…) and user groups (S…) as mentions: `<@U…>`, `<!subteam^S…>`. */
export function peopleMarkup(people: readonly string[]): string {
  return people.map((p) => (p.startsWith('S') ? `<!subteam^${p}>` : `<@${p}>`)).join(' ');
}

import type { WebClient } from '@slack/web-api';
import type { Colleague, TeamKey } from '../../src/cases/staff-actions.js';
import type { Logger } from '../../src/logger.js';
import { staffActor } from './ids.js';
import { peopleMarkup } from './routing.js';

/** How long a name or a group's members are trusted before Slack is asked again. */
const cacheMs = 5 * 60_000;

interface Cached<T> {
  value: T;
  until: number;
}

/**
 * Who colleagues are, as the customer and the app need to know: a first name the customer
 * is told (seed 002: "we will let you know who you are speaking to"; users.info, scope
 * users:read) and whether they lead a team (SLACK_TEAM_LEADS, by user id or as a member
 * of a user group: usergroups.users.list, scope usergroups:read). Answers are cached for a
 * few minutes; a failed look-up is told to the log and treated as unknown, never as a lead.
 */
export class Colleagues {
  private readonly names = new Map<string, Cached<string | null>>();
  private readonly groups = new Map<string, Cached<readonly string[]>>();

  constructor(
    private readonly client: WebClient,
    /** SLACK_TEAM_LEADS: user ids and user group ids. */
    readonly leads: readonly string[],
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** The colleague acting for a team (the team of the card they act from). */
  async colleague(userId: string, team: TeamKey): Promise<Colleague> {
    const [firstName, lead] = await Promise.all([this.firstName(userId), this.isLead(userId)]);
    return { actor: staffActor(userId), firstName, team, lead };
  }

  async isLead(userId: string): Promise<boolean> {
    if (this.leads.includes(userId)) return true;
    for (const group of this.leads.filter((l) => l.startsWith('S'))) {
      if ((await this.members(group)).includes(userId)) return true;
    }
    return false;
  }

  /** Leads as mentions, for a missed deadline: `<@U…> <!subteam^S…>`; empty when none are set. */
  leadMentions(): string {
    return peopleMarkup(this.leads);
  }

  /** The colleague's first name from their Slack profile; null when Slack will not say. */
  async firstName(userId: string): Promise<string | null> {
    const cached = this.names.get(userId);
    if (cached && cached.until > this.now()) return cached.value;
    let name: string | null = null;
    try {
      const answer = await this.client.users.info({ user: userId });
      const profile = answer.user?.profile;
      // A handle ("sam.okafor") is not a name to give a customer: without a real name they hear "a member of our team".
      const candidates = [
        profile?.first_name,
        profile?.real_name?.split(/\s+/)[0],
        answer.user?.real_name?.split(/\s+/)[0],
      ];
      name = candidates.map((c) => c?.trim()).find((c): c is string => c !== undefined && c !== '') ?? null;
    } catch (error) {
      this.logger.warn(
        { err: (error as Error).message },
        'slack: could not read a colleague’s name (users:read scope?)',
      );
    }
    this.names.set(userId, { value: name, until: this.now() + cacheMs });
    return name;
  }

  private async members(group: string): Promise<readonly string[]> {
    const cached = this.groups.get(group);
    if (cached && cached.until > this.now()) return cached.value;
    let users: readonly string[] = [];
    try {
      users = (await this.client.usergroups.users.list({ usergroup: group })).users ?? [];
    } catch (error) {
      this.logger.warn(
        { err: (error as Error).message },
        'slack: could not list a team leads’ user group (usergroups:read scope?)',
      );
    }
    this.groups.set(group, { value: users, until: this.now() + cacheMs });
    return users;
  }
}

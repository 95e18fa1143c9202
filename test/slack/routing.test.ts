import { describe, expect, it } from 'vitest';
import { channelAllowed, routedChannels, routeForCase, routeForHandoff } from '../../channels/slack/routing.js';
import { loadGatewayConfig as loadConfig } from '../../app/config.js';
import { ConfigError } from '../../src/errors.js';

const slack = { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret' };
const base = { kind: 'enquiry', stage: 'none', flags: [] as string[], priority: 'normal' } as const;

describe('routing cards to Slack channels', () => {
  it('sends each kind to its team by default, emergencies with @here', () => {
    const { SLACK_ROUTES: routes } = loadConfig(slack);
    expect(routeForCase(routes, { ...base, kind: 'formal_complaint', stage: 'stage1' })).toEqual({
      channel: '#complaints-liaison',
      mention: null,
      team: 'complaints',
    });
    expect(routeForCase(routes, { ...base, kind: 'first_time_fix' })).toEqual({
      channel: '#customer-services',
      mention: null,
      team: 'customerServices',
    });
    expect(routeForCase(routes, base)).toEqual({
      channel: '#customer-services',
      mention: null,
      team: 'customerServices',
    });
    expect(routeForCase(routes, { ...base, kind: 'emergency', priority: 'emergency' })).toEqual({
      channel: '#emergency-repairs',
      mention: 'here',
      team: 'emergencies',
    });
    // A complaint that reports a gas smell is an emergency first.
    expect(
      routeForCase(routes, { ...base, kind: 'formal_complaint', stage: 'stage1', priority: 'emergency' }).channel,
    ).toBe('#emergency-repairs');
    expect(routeForCase(routes, { ...base, kind: 'formal_complaint', stage: 'stage2' })).toEqual({
      channel: '#senior-managers',
      mention: null,
      team: 'seniorManagers',
    });
    expect(routeForHandoff(routes, 'safeguarding')).toEqual({
      channel: '#emergency-repairs',
      mention: 'here',
      team: 'emergencies',
    });
    expect(routeForHandoff(routes, 'customer_asked')).toEqual({
      channel: '#customer-services',
      mention: null,
      team: 'customerServices',
    });
  });

  it('takes a map from kind, stage and flags to channels from SLACK_ROUTES, rules first', () => {
    const { SLACK_ROUTES: routes } = loadConfig({
      ...slack,
      SLACK_ROUTES: JSON.stringify({
        complaints: 'C0COMPLAINTS',
        rules: [
          { kind: ['enquiry', 'first_time_fix'], flag: ['damp_mould'], channel: '#damp-and-mould', mention: 'channel' },
        ],
      }),
    });
    expect(routeForCase(routes, { ...base, flags: ['damp_mould'] })).toEqual({
      channel: '#damp-and-mould',
      mention: 'channel',
      team: 'other',
    });
    expect(
      routeForCase(routes, { ...base, kind: 'formal_complaint', stage: 'stage1', flags: ['damp_mould'] }).channel,
    ).toBe('C0COMPLAINTS');
    expect(routedChannels(routes)).toEqual([
      'C0COMPLAINTS',
      '#customer-services',
      '#emergency-repairs',
      '#senior-managers',
      '#damp-and-mould',
    ]);
    expect(channelAllowed(routedChannels(routes), 'C0OTHER', 'damp-and-mould')).toBe(true);
    expect(channelAllowed(routedChannels(routes), 'C0OTHER', 'random')).toBe(false);
  });

  it('stops start-up on a routing map that is not JSON or names no channel', () => {
    const refused = (value: string): string => {
      try {
        loadConfig({ ...slack, SLACK_ROUTES: value });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
      throw new Error('expected the routes to be refused');
    };
    expect(refused('{complaints: C1')).toContain('SLACK_ROUTES: must be JSON');
    expect(refused(JSON.stringify({ complaints: 'complaints liaison' }))).toContain(
      'SLACK_ROUTES.complaints: must be a channel id',
    );
    expect(refused(JSON.stringify({ rules: [{ kind: ['complaint'], channel: 'C1' }] }))).toContain(
      'SLACK_ROUTES.rules.0.kind.0',
    );
    expect(refused(JSON.stringify({ complaint: 'C1' }))).toContain('SLACK_ROUTES');
  });

  it('offers Socket Mode only with a bot token, and a short unclaimed wait for tests', () => {
    expect(() => loadConfig({ SLACK_APP_TOKEN: 'xapp-1-abc' })).toThrow(
      /SLACK_BOT_TOKEN: is required when SLACK_APP_TOKEN is set/,
    );
    const config = loadConfig({
      ...slack,
      SLACK_APP_TOKEN: 'xapp-1-abc',
      SLACK_UNCLAIMED_SECONDS: '0.5',
      SLACK_CASE_CHANNELS: 'C0A, #complaints',
    });
    expect(config.SLACK_UNCLAIMED_SECONDS).toBe(0.5);
    expect(config.SLACK_CASE_CHANNELS).toEqual(['C0A', '#complaints']);
    expect(loadConfig(slack).SLACK_UNCLAIMED_SECONDS).toBe(600);
  });

  it('keeps thread messages internal by default, and reads team leads and on-call people as Slack ids', () => {
    const defaults = loadConfig(slack);
    expect(defaults).toMatchObject({
      SLACK_THREAD_REPLIES_TO_CUSTOMER: false,
      SLACK_TEAM_LEADS: [],
      SLACK_ON_CALL: [],
      SLACK_EMERGENCY_REALERT_SECONDS: 900,
    });
    const set = loadConfig({
      ...slack,
      SLACK_THREAD_REPLIES_TO_CUSTOMER: 'true',
      SLACK_TEAM_LEADS: 'U0LEAD1, S0LEADS',
      SLACK_ON_CALL: 'S0ONCALL',
      SLACK_EMERGENCY_REALERT_SECONDS: '300',
    });
    expect(set).toMatchObject({
      SLACK_THREAD_REPLIES_TO_CUSTOMER: true,
      SLACK_TEAM_LEADS: ['U0LEAD1', 'S0LEADS'],
      SLACK_ON_CALL: ['S0ONCALL'],
      SLACK_EMERGENCY_REALERT_SECONDS: 300,
    });
    expect(() => loadConfig({ ...slack, SLACK_TEAM_LEADS: '@priya' })).toThrow(
      /SLACK_TEAM_LEADS.*must be Slack user ids/,
    );
    expect(() => loadConfig({ ...slack, SLACK_THREAD_REPLIES_TO_CUSTOMER: 'yes' })).toThrow(
      /SLACK_THREAD_REPLIES_TO_CUSTOMER/,
    );
    expect(() => loadConfig({ ...slack, SLACK_EMERGENCY_REALERT_SECONDS: '5' })).toThrow(
      /SLACK_EMERGENCY_REALERT_SECONDS/,
    );
  });
});

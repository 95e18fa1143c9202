import { describe, expect, it } from 'vitest';
import { channelsOn, loadGatewayConfig as loadConfig } from '../../app/config.js';
import { landlordFrom, loadConfig as loadCoreConfig } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';

const problems = (env: NodeJS.ProcessEnv): string => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
};

describe('configuration', () => {
  it('starts on embedded defaults with nothing set, with only web chat on', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, POLICY_PACK: 'code-2024', PUBLIC_BASE_URL: 'http://localhost:3000' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(channelsOn(config)).toEqual({ sms: false, meta: false, slack: false, webchat: true });
  });

  it('names each bad variable on its own line', () => {
    const message = problems({ PORT: 'eighty', POLICY_PACK: 'code-2019', REDIS_URL: 'localhost:6379' });
    expect(message).toContain('\n  PORT: ');
    expect(message).toContain('POLICY_PACK:');
    expect(message).toContain('REDIS_URL: must be redis://');
    expect(message.split('\n')).toHaveLength(4);
  });

  it('never echoes a secret it refuses', () => {
    const message = problems({ SLACK_BOT_TOKEN: 'not-a-token-hunter2', SLACK_SIGNING_SECRET: 'abc' });
    expect(message).toContain('SLACK_BOT_TOKEN');
    expect(message).not.toContain('hunter2');
  });

  it('refuses half a set of channel credentials', () => {
    const message = problems({ TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}` });
    expect(message).toContain('TWILIO_AUTH_TOKEN: is required when TWILIO_ACCOUNT_SID is set');
    expect(message).toContain('TWILIO_FROM: is required');
  });

  it('refuses a misspelt setting instead of ignoring it', () => {
    expect(problems({ TWILIO_AUTH_TOKN: 'x' })).toContain('TWILIO_AUTH_TOKN: unknown setting');
  });

  it("takes the landlord's name and numbers from the environment, with placeholders for the rest", () => {
    const landlord = landlordFrom(loadConfig({ LANDLORD_NAME: 'Riverside Homes', LANDLORD_PHONE: '0161 496 0000' }));
    expect(landlord).toMatchObject({ name: 'Riverside Homes', phone: '0161 496 0000', emergencyLine: '0808 157 0193' });
    expect(problems({ LANDLORD_PHONE: 'call us' })).toContain('LANDLORD_PHONE: must be a phone number');
  });

  it('turns a channel on when its credentials are complete, and trims a trailing slash from the public URL', () => {
    const config = loadConfig({
      TWILIO_ACCOUNT_SID: `AC${'b'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'token',
      TWILIO_FROM: '+447700900000',
      PUBLIC_BASE_URL: 'https://intake.example.org/',
      DATABASE_URL: '',
    });
    expect(channelsOn(config).sms).toBe(true);
    expect(config.PUBLIC_BASE_URL).toBe('https://intake.example.org');
    expect(config.TWILIO_API_URL).toBe('https://api.twilio.com');
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('takes a WhatsApp template per kind of notice, for every language or per language, and refuses one it cannot use', () => {
    const twilio = {
      TWILIO_ACCOUNT_SID: `AC${'c'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 'token',
      TWILIO_FROM: 'whatsapp:+447700900000',
    };
    const hx = (d: string) => `HX${d.repeat(32)}`;
    const config = loadConfig({
      ...twilio,
      TWILIO_WHATSAPP_TEMPLATE_CASE_UPDATE: hx('a'),
      TWILIO_WHATSAPP_TEMPLATE_LETTER_READY: `en:${hx('b')}, pl:${hx('c')}`,
    });
    expect(config.TWILIO_WHATSAPP_TEMPLATE_CASE_UPDATE).toEqual({ anyLanguage: hx('a'), byLanguage: {} });
    expect(config.TWILIO_WHATSAPP_TEMPLATE_LETTER_READY).toEqual({ byLanguage: { en: hx('b'), pl: hx('c') } });
    expect(config.TWILIO_WHATSAPP_TEMPLATE_SURVEY).toBeUndefined();

    expect(problems({ ...twilio, TWILIO_WHATSAPP_TEMPLATE_SURVEY: 'SM123' })).toContain(
      'TWILIO_WHATSAPP_TEMPLATE_SURVEY: must be a Content SID (HX followed by 32 hex digits)',
    );
    expect(problems({ ...twilio, TWILIO_WHATSAPP_TEMPLATE_SURVEY: `fr:${hx('d')}` })).toContain(
      'names fr, which is not a language the gateway speaks',
    );
    expect(problems({ ...twilio, TWILIO_WHATSAPP_TEMPLATE_SURVEY: `pl:${hx('d')},pl:${hx('e')}` })).toContain(
      'names two templates for pl',
    );
    expect(problems({ TWILIO_WHATSAPP_TEMPLATE_CASE_UPDATE: hx('a') })).toContain(
      'TWILIO_WHATSAPP_TEMPLATE_CASE_UPDATE: is set, but Twilio is off',
    );
    expect(problems({ ...twilio, TWILIO_WHATSAPP_TEMPLATE_LETER_READY: hx('a') })).toContain(
      'TWILIO_WHATSAPP_TEMPLATE_LETER_READY: unknown setting',
    );
  });

  it("checks the core's settings alike whether loaded alone or with the channels'", () => {
    for (const load of [loadConfig, loadCoreConfig]) {
      expect(() => load({ SMTP_URL: 'smtp://127.0.0.1:2525' })).toThrow('MAIL_FROM: is required when SMTP_URL is set');
      expect(() => load({ PORT: 'eighty' })).toThrow(/PORT: /);
    }
    // Alone, the core knows no channel's names; with them, a misspelt one stops start-up.
    expect(() => loadConfig({ SLACK_BOT_TOKN: 'xoxb-1' })).toThrow('SLACK_BOT_TOKN: unknown setting');
    expect(loadCoreConfig({ SLACK_BOT_TOKN: 'xoxb-1' }).PORT).toBe(3000);
  });
});

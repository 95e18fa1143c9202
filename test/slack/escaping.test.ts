import { describe, expect, it } from 'vitest';
import { escapeSlack, quoteSlack, slackToPlain } from '../../channels/slack/escape.js';
import { attachmentLinks, messageLine } from '../../channels/slack/handoff-card.js';
import type { Message } from '../../src/db/rows.js';

describe('customer words shown to colleagues in Slack', () => {
  it('cannot ping the channel, ping a person or make a link', () => {
    const words = 'Hi <!channel> and <!here>, ask <@U123> or see <https://evil.example|your account> & pay';
    const shown = escapeSlack(words);
    expect(shown).toBe(
      'Hi &lt;!channel&gt; and &lt;!here&gt;, ask &lt;@U123&gt; or see &lt;https://evil.example|your account&gt; &amp; pay',
    );
    expect(shown).not.toMatch(/<[!@#]|<https?:/);
  });

  it('is quoted line by line, and a customer’s own ">" stays text', () => {
    expect(quoteSlack('first line\n> not a quote\n<@U999>')).toBe('>first line\n>&gt; not a quote\n>&lt;@U999&gt;');
  });
});

describe('a colleague’s Slack reply as the customer reads it', () => {
  it('loses Slack markup: no ids, links written out, escapes undone', () => {
    expect(
      slackToPlain('Thanks &amp; sorry. See <https://example.org/repairs|our repairs page> or <https://example.org>'),
    ).toBe('Thanks & sorry. See our repairs page (https://example.org/repairs) or https://example.org');
    expect(slackToPlain('<@U0STAFF2|alex> will visit &lt;Tuesday&gt; <!here>')).toBe('@alex will visit <Tuesday>');
    expect(slackToPlain('Email <mailto:repairs@example.org|repairs@example.org>')).toBe('Email repairs@example.org');
  });
});

describe('a customer’s photo in the case thread', () => {
  const photo = (url: string, contentType?: string) => ({ url, ...(contentType ? { contentType } : {}) });

  it('is a link staff can open, named for what it is', () => {
    const message: Message = {
      id: '00000000-0000-4000-8000-000000000001',
      conversation_id: '00000000-0000-4000-8000-000000000002',
      case_id: null,
      direction: 'inbound',
      channel_id: 'sms',
      provider_message_id: 'MM1',
      author: 'customer',
      text: '',
      media: [
        photo('https://gateway.example/media/AbCdEfGhIjKlMnOpQrStUv', 'image/jpeg'),
        photo('https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1', 'application/pdf'),
      ],
      kind: 'message',
      locale: null,
      status: 'processed',
      status_detail: null,
      choices: [],
      created_at: new Date('2026-12-06T21:14:00Z'),
    };
    const shown = messageLine(message);
    expect(shown).toContain('<https://gateway.example/media/AbCdEfGhIjKlMnOpQrStUv|photo 1>');
    expect(shown).toContain('<https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1|PDF 2>');
    expect(shown).toContain('_(no text)_');
  });

  it('cannot smuggle Slack markup through its address', () => {
    const shown = attachmentLinks([
      photo('https://evil.example/x|<!channel>', 'image/png'),
      photo('javascript:alert(1)'),
    ]);
    expect(shown).not.toContain('<!channel>');
    expect(shown).not.toContain('javascript:');
    expect(shown).toContain('photo 1 (address not shown)');
    expect(shown).toContain('file 2 (address not shown)');
  });
});

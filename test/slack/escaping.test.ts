import { describe, expect, it } from 'vitest';
import { escapeSlack, quoteSlack, slackToPlain } from '../../channels/slack/escape.js';

describe('customer words shown to colleagues in Slack', () => {
  it('cannot ping the channel, ping a person or make a link', () => {
    const words = 'Hi <!channel> and <!here>, ask <@U123> or see <https://evil.example|your account> & pay';
    const shown = escapeSlack(words);
    expect(shown).toBe('Hi &lt;!channel&gt; and &lt;!here&gt;, ask &lt;@U123&gt; or see &lt;https://evil.example|your account&gt; &amp; pay');
    expect(shown).not.toMatch(/<[!@#]|<https?:/);
  });

  it('is quoted line by line, and a customer’s own ">" stays text', () => {
    expect(quoteSlack('first line\n> not a quote\n<@U999>')).toBe('>first line\n>&gt; not a quote\n>&lt;@U999&gt;');
  });
});

describe('a colleague’s Slack reply as the customer reads it', () => {
  it('loses Slack markup: no ids, links written out, escapes undone', () => {
    expect(slackToPlain('Thanks &amp; sorry. See <https://example.org/repairs|our repairs page> or <https://example.org>')).toBe(
      'Thanks & sorry. See our repairs page (https://example.org/repairs) or https://example.org',
    );
    expect(slackToPlain('<@U0STAFF2|alex> will visit &lt;Tuesday&gt; <!here>')).toBe('@alex will visit <Tuesday>');
    expect(slackToPlain('Email <mailto:repairs@example.org|repairs@example.org>')).toBe('Email repairs@example.org');
  });
});

import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { directLineText, toMarkdown } from '../../channels/directline/text-format.js';
import { toBotActivity } from '../../channels/directline/outbound.js';

// What Web Chat does with a bot message's text: markdown-it as Web Chat 4.18 sets it up
// (raw HTML allowed, links found in bare text, no line breaks from single newlines). The
// typographer is left out here: it only curls quotes and dashes, which changes no words.
interface MarkdownIt {
  render(text: string): string;
}
const MarkdownItConstructor = createRequire(import.meta.url)('markdown-it') as new (options: object) => MarkdownIt;
const webChatMarkdown = new MarkdownItConstructor({
  breaks: false,
  html: true,
  linkify: true,
  typographer: false,
  xhtmlOut: true,
});

/** The words a reader sees (paragraphs and line breaks as newlines), and the links. */
function shown(markdown: string): { text: string; links: string[] } {
  const html = webChatMarkdown.render(markdown);
  const links = [...html.matchAll(/<a href="([^"]+)"/g)].map((m) => (m[1] ?? '').replaceAll('&amp;', '&'));
  const text = html
    .replace(/<br \/>\n/g, '\n')
    .replace(/<\/p>\n<p>/g, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim();
  return { text, links };
}

describe('the bot’s words as Direct Line text', () => {
  it('goes as plain text, unchanged, when there is no link', () => {
    const summary =
      "Thank you. I've logged your formal complaint.\nReference: CMP-2026-000123\nYou'd like: *someone* to come_out & fix <it>";
    expect(directLineText(summary)).toEqual({ text: summary, textFormat: 'plain' });
  });

  it('goes as Markdown that shows exactly the same words, lines and a clickable https link', () => {
    const cases = [
      "Here's your acknowledgement letter in standard print: https://chat.example.org.uk/documents/Ab_cD-12_x?format=pdf\nThe link works until Tuesday 15 December.",
      'Full privacy notice: https://www.example-homes.org.uk/privacy. Is that OK?',
      'You said: *not bold* _nor this_ `nor code` ~~nor struck~~ [not](a link) <b>not html</b> &amp; https://x.example.org/a_b',
      '# not a heading\n> not a quote\n- not a list\n+ nor this\n1. not numbered\n2) nor this\n===\n    not code https://x.example.org',
      'a | table | row\n--- | ---\nhttps://x.example.org\n\nA new paragraph, and a trailing backslash \\',
    ];
    for (const words of cases) {
      const { text, textFormat } = directLineText(words);
      expect(textFormat).toBe('markdown');
      const rendered = shown(text);
      // Leading spaces are the one thing not kept: a line never starts with them in what the bot says.
      expect(rendered.text).toBe(
        words
          .split('\n')
          .map((line) => line.trimStart())
          .join('\n'),
      );
      expect(rendered.links).toEqual([...words.matchAll(/https:\/\/[^\s<>"]+[^\s<>".,;:!?)]/g)].map((m) => m[0]));
    }
  });

  it('leaves plain Markdown untouched where nothing needs escaping, so most messages read the same either way', () => {
    expect(toMarkdown('Full privacy notice: https://www.example.org.uk/privacy. Is that OK?')).toBe(
      'Full privacy notice: https://www.example.org.uk/privacy. Is that OK?',
    );
  });

  it('is set on every bot activity, and a colleague’s message is marked as theirs', () => {
    const base = {
      messageId: '00000000-0000-4000-8000-000000000001',
      conversationId: '00000000-0000-4000-8000-000000000002',
      channelId: 'directline' as const,
      to: '00000000-0000-4000-8000-000000000003',
      from: 'bot',
      choices: [],
    };
    expect(
      toBotActivity({ ...base, text: 'Line one\nLine two', fromHuman: false }, 'Assistant', new Date()).textFormat,
    ).toBe('plain');
    const staff = toBotActivity(
      { ...base, text: 'Your letter: https://x.example.org/l', fromHuman: true },
      'Assistant',
      new Date(),
    );
    expect(staff).toMatchObject({ textFormat: 'markdown', channelData: { fromHuman: true } });
  });
});

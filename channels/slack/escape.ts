/**
 * Slack mrkdwn turns `<!channel>`, `<!here>`, `<@U…>` and `<http://…|label>` into pings
 * and links. Customer text is escaped before it goes anywhere near Slack (docs/rules/channels.md#slack-escaping),
 * so whatever a customer types shows as the characters they typed.
 */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escaped customer text as a Slack block quote, line by line. */
export function quoteSlack(text: string): string {
  return escapeSlack(text)
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
}

/** Cut to at most `max` characters, saying so. Slack refuses a section over 3,000. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * A colleague's Slack message as the customer should read it: no Slack ids, links as
 * "label (address)", and Slack's own escapes undone (the customer's channel is plain text).
 */
export function slackToPlain(text: string): string {
  return text
    .replace(/<([^<>]+)>/g, (_all, inner: string) => {
      const [target = '', label] = inner.split('|', 2);
      if (target.startsWith('@') || target.startsWith('#')) return label ? `${target[0]}${label}` : '';
      if (target.startsWith('!')) return label ?? '';
      const address = target.replace(/^mailto:/, '').replace(/^tel:/, '');
      return label && label !== address ? `${label} (${address})` : address;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
}

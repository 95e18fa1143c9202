// Breaks the rule on purpose. A comment may say Slack, Meta or Messenger: only code counts.
/** Posts to Slack when a case opens (this JSDoc is a comment too). */
const here = new URL('.', import.meta.url);
const metadata = { here: here.href };

export function postToSlack(text: string): string {
  return `${text} ${JSON.stringify(metadata)}`;
}

export const graphUrl = 'https://graph.facebook.com';
export const SLACK_BOT_TOKEN = 'xoxb-not-a-token';
export const page = '<meta charset="utf-8">';

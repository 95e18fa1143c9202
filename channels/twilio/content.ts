import type { ContentCreateRequest } from 'twilio/lib/rest/content/v1/content.js';
import type { Choice } from '../../src/channel.js';
import type { Logger } from '../../src/logger.js';
import type { TwilioClient } from './twilio-client.js';

/**
 * WhatsApp reply buttons and lists, through Twilio's Content API. A session message with
 * buttons is sent as a Content resource (`contentSid`) plus the words (`contentVariables`);
 * every word is a variable, so one resource serves each shape ("3 buttons", "7 list
 * items") in each language, and the gateway makes at most a few dozen, ever.
 *
 * Limits (twilio.com/docs/content/twilio-quick-reply, twilio-list-picker): in a session,
 * at most 3 quick-reply buttons of 20 characters; a list of at most 10 items of 24
 * characters behind a button of 20; a body of at most 1,024 characters; ids of 200.
 * Choices that do not fit go as numbered lines instead (the caller's fallback).
 */

export type ContentShape = { type: 'quick-reply'; count: number } | { type: 'list-picker'; count: number };

export interface Interactive {
  shape: ContentShape;
  /** Values for the resource's `{{n}}` placeholders. */
  variables: Record<string, string>;
}

export const CONTENT_BODY_MAX = 1024;
const BUTTONS_MAX = 3;
const BUTTON_TITLE_MAX = 20;
const LIST_ITEMS_MAX = 10;
const LIST_ITEM_MAX = 24;
const LIST_BUTTON_MAX = 20;
const ID_MAX = 200;

const length = (text: string): number => [...text].length;
/** WhatsApp refuses a variable with a run of more than four spaces (Twilio 63013), or an empty one (21656). */
const usable = (text: string, max: number): boolean =>
  text.trim() !== '' && length(text) <= max && !/ {5,}|\t/.test(text);

/**
 * Reply buttons for up to three short choices, a list for up to ten, else undefined
 * (numbered lines): the body, titles and ids as the resource's variables.
 */
export function interactiveFor(body: string, choices: readonly Choice[], listButton: string): Interactive | undefined {
  if (choices.length === 0 || !usable(body, CONTENT_BODY_MAX)) return undefined;
  const titles = choices.map((c) => c.title.trim());
  if (new Set(titles.map((t) => t.toLowerCase())).size !== titles.length) return undefined;
  if (!choices.every((c) => usable(c.value, ID_MAX))) return undefined;
  const variables: Record<string, string> = { '1': body };
  if (choices.length <= BUTTONS_MAX && titles.every((t) => usable(t, BUTTON_TITLE_MAX))) {
    choices.forEach((c, i) => {
      variables[String(2 + 2 * i)] = titles[i]!;
      variables[String(3 + 2 * i)] = c.value;
    });
    return { shape: { type: 'quick-reply', count: choices.length }, variables };
  }
  if (
    choices.length <= LIST_ITEMS_MAX &&
    titles.every((t) => usable(t, LIST_ITEM_MAX)) &&
    usable(listButton, LIST_BUTTON_MAX)
  ) {
    variables['2'] = listButton;
    choices.forEach((c, i) => {
      variables[String(3 + 2 * i)] = titles[i]!;
      variables[String(4 + 2 * i)] = c.value;
    });
    return { shape: { type: 'list-picker', count: choices.length }, variables };
  }
  return undefined;
}

/** The Content resource for a shape, as the Content API takes it (snake_case, `twilio/…` type keys). */
export function contentRequestFor(shape: ContentShape, language: string): Record<string, unknown> {
  const samples: Record<string, string> = { '1': 'Is this about a repair?' };
  if (shape.type === 'quick-reply') {
    const actions = Array.from({ length: shape.count }, (_, i) => {
      samples[String(2 + 2 * i)] = `Option ${i + 1}`;
      samples[String(3 + 2 * i)] = `option_${i + 1}`;
      return { type: 'QUICK_REPLY', title: `{{${2 + 2 * i}}}`, id: `{{${3 + 2 * i}}}` };
    });
    return {
      friendly_name: friendlyName(shape, language),
      language,
      variables: samples,
      types: { 'twilio/quick-reply': { body: '{{1}}', actions } },
    };
  }
  samples['2'] = 'Choose';
  const items = Array.from({ length: shape.count }, (_, i) => {
    samples[String(3 + 2 * i)] = `Option ${i + 1}`;
    samples[String(4 + 2 * i)] = `option_${i + 1}`;
    return { item: `{{${3 + 2 * i}}}`, id: `{{${4 + 2 * i}}}` };
  });
  return {
    friendly_name: friendlyName(shape, language),
    language,
    variables: samples,
    types: { 'twilio/list-picker': { body: '{{1}}', button: '{{2}}', items } },
  };
}

const namePrefix = 'intake_gateway_session_';

/** Names the resource by its shape, so any process (or a restart) finds the one already made. */
export function friendlyName(shape: ContentShape, language: string): string {
  return `${namePrefix}${shape.type.replace('-', '_')}_${shape.count}_${language}`;
}

/**
 * The Content resources this gateway has made, by shape. Looked up at Twilio by name the
 * first time (so a restart or another worker reuses what exists), made when missing, and
 * kept in memory after that.
 */
export class ContentLibrary {
  private readonly sids = new Map<string, Promise<string>>();
  private existing: Promise<Map<string, string>> | undefined;

  constructor(
    private readonly client: TwilioClient,
    private readonly logger: Logger,
  ) {}

  sidFor(shape: ContentShape, language: string): Promise<string> {
    const name = friendlyName(shape, language);
    let sid = this.sids.get(name);
    if (!sid) {
      sid = this.find(name).then((found) => found ?? this.create(shape, language));
      // A failure is not remembered: the next message tries again.
      sid.catch(() => this.sids.delete(name));
      this.sids.set(name, sid);
    }
    return sid;
  }

  private async find(name: string): Promise<string | undefined> {
    this.existing ??= this.client.content.v1.contents
      .list({ pageSize: 500 })
      .then(
        (all) =>
          new Map(
            all.filter((c) => c.friendlyName?.startsWith(namePrefix)).map((c) => [c.friendlyName, c.sid] as const),
          ),
      )
      .catch((error: unknown) => {
        this.existing = undefined;
        this.logger.warn({ err: (error as Error).message }, 'could not list Twilio content; making what is needed');
        return new Map<string, string>();
      });
    return (await this.existing).get(name);
  }

  private async create(shape: ContentShape, language: string): Promise<string> {
    // The SDK's request type is camelCase, but it sends the object as it is and the Content
    // API reads snake_case and `twilio/…` keys (twilio-node #1046), so the wire form goes.
    const created = await this.client.content.v1.contents.create(
      contentRequestFor(shape, language) as unknown as ContentCreateRequest,
    );
    this.logger.info(
      { shape: `${shape.type}/${shape.count}`, language, contentSid: created.sid },
      'WhatsApp session content made',
    );
    return created.sid;
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TestGateway } from '../helpers/gateway.js';
import { botWords, type BotWords, startWebchatGateway } from '../webchat-e2e/helpers.js';

// Direct Line's upload route, the join that brings the greeting, typing while a turn runs, and
// Direct Line's error bodies, against the whole gateway: the real bot, real Redis, PGlite.

interface Started {
  conversationId: string;
  token: string;
  streamUrl: string;
}

/** The smallest files that are really what they say, and some that are not. */
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0photo of the damp')]);
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('png body')]);
const pdf = Buffer.from('%PDF-1.7\n% a scanned letter\n');
const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic\0\0\0\0mif1heic')]);
const svgWithScript = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

describe('Direct Line uploads, joins, typing and errors, with the real bot', () => {
  let gateway: TestGateway;
  let words: BotWords;

  beforeAll(async () => {
    words = await botWords();
    gateway = await startWebchatGateway();
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  async function start(): Promise<Started> {
    const { token } = (await (await fetch(`${gateway.url}/webchat/token`, { method: 'POST' })).json()) as {
      token: string;
    };
    const started = await fetch(`${gateway.url}/v3/directline/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    return (await started.json()) as Started;
  }

  function upload(
    c: Started,
    form: FormData | Buffer,
    options: { userId?: string | null; contentType?: string; token?: string } = {},
  ): Promise<Response> {
    const query = options.userId === null ? '' : `?userId=${options.userId ?? 'customer-1'}`;
    const headers: Record<string, string> = { authorization: `Bearer ${options.token ?? c.token}` };
    if (options.contentType) headers['content-type'] = options.contentType;
    return fetch(`${gateway.url}/v3/directline/conversations/${c.conversationId}/upload${query}`, {
      method: 'POST',
      headers,
      body: form instanceof FormData ? form : new Uint8Array(form),
    });
  }

  function form(
    files: Array<{ bytes: Buffer; type: string; name: string }>,
    activity?: Record<string, unknown>,
  ): FormData {
    const body = new FormData();
    if (activity)
      body.append('activity', new Blob([JSON.stringify(activity)], { type: 'application/vnd.microsoft.activity' }));
    for (const file of files)
      body.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
    return body;
  }

  async function inboundRows(c: Started) {
    return gateway.store.db.query<{
      id: string;
      text: string;
      kind: string;
      media: Array<{ url: string; contentType?: string }>;
      locale: string | null;
    }>(
      `select m.id, m.text, m.kind, m.media, m.locale from messages m join conversations c on c.id = m.conversation_id
       where c.channel_id = 'directline' and c.address = $1 and m.direction = 'inbound' order by m.seq`,
      [c.conversationId],
    );
  }

  async function errorOf(response: Response): Promise<{ status: number; code: string; message: string }> {
    const body = (await response.json()) as { error: { code: string; message: string } };
    return { status: response.status, code: body.error.code, message: body.error.message };
  }

  it('keeps a photo and a PDF sent with a message, as media on one inbound message, behind working links', async () => {
    const c = await start();
    const response = await upload(
      c,
      form(
        [
          { bytes: jpeg, type: 'image/jpeg', name: 'IMG_0042.JPG' },
          // A phone that cannot tell says octet-stream: the bytes decide.
          { bytes: pdf, type: 'application/octet-stream', name: 'letter from the council.pdf' },
        ],
        {
          type: 'message',
          from: { id: 'customer-1' },
          text: 'this is the damp',
          locale: 'en-GB',
          channelData: { clientActivityID: 'up-1' },
        },
      ),
    );
    expect(response.status).toBe(200);
    const { id } = (await response.json()) as { id: string };
    expect(id).toMatch(new RegExp(`^${c.conversationId}\\|\\d{7}$`));

    const rows = await inboundRows(c);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ text: 'this is the damp', kind: 'message', locale: 'en-GB' });
    expect(rows[0]!.media.map((m) => m.contentType)).toEqual(['image/jpeg', 'application/pdf']);
    const [photo, letter] = rows[0]!.media;
    expect(photo!.url).toMatch(/\/media\/[A-Za-z0-9_-]{22}$/);
    const served = await fetch(photo!.url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(served.headers.get('cache-control')).toBe('private, no-store');
    expect(served.headers.get('x-robots-tag')).toContain('noindex');
    expect(Buffer.from(await served.arrayBuffer()).equals(jpeg)).toBe(true);
    const servedPdf = await fetch(letter!.url);
    expect(servedPdf.headers.get('content-type')).toBe('application/pdf');
    // Sandboxed, so a PDF with script in it runs nothing on our origin.
    expect(servedPdf.headers.get('content-security-policy')).toContain('sandbox');
    // The files know their message (for a subject access request or an erasure).
    const media = await gateway.store.db.query<{ message_id: string; name: string }>(
      'select message_id, name from media where message_id = $1 order by name',
      [rows[0]!.id],
    );
    expect(media.map((m) => m.name)).toEqual(['IMG_0042.JPG', 'letter from the council.pdf']);

    // The echo a client sees carries the same links, and says the customer's words are plain text.
    const history = (await (
      await fetch(`${gateway.url}/v3/directline/conversations/${c.conversationId}/activities`, {
        headers: { authorization: `Bearer ${c.token}` },
      })
    ).json()) as {
      activities: Array<{
        id: string;
        from: { role: string };
        textFormat?: string;
        attachments?: Array<{ contentUrl: string; contentType: string; name: string }>;
      }>;
    };
    const echo = history.activities.find((a) => a.id === id);
    expect(echo?.textFormat).toBe('plain');
    expect(echo?.attachments?.map((a) => a.contentUrl)).toEqual([photo!.url, letter!.url]);

    // Nothing is listed: the folder, and a made-up or mangled token, are not found.
    expect((await fetch(`${gateway.url}/media/`)).status).toBe(404);
    expect((await fetch(`${gateway.url}/media/AAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
    expect((await fetch(`${photo!.url.slice(0, -1)}x`)).status).toBe(404);
  });

  it('keeps a photo sent again with the same clientActivityID once, under the same links', async () => {
    const c = await start();
    const send = () =>
      upload(
        c,
        form([{ bytes: png, type: 'image/png', name: 'boiler.png' }], {
          type: 'message',
          from: { id: 'customer-1' },
          channelData: { clientActivityID: 'retry-me' },
        }),
      );
    const first = (await (await send()).json()) as { id: string };
    const second = (await (await send()).json()) as { id: string };
    expect(second.id).toBe(first.id);
    const rows = await inboundRows(c);
    expect(rows).toHaveLength(1);
    const kept = await gateway.store.db.query<{ n: number }>(
      `select count(*)::int as n from media where address = $1`,
      [c.conversationId],
    );
    expect(kept[0]!.n).toBe(1);
  });

  it('takes one file sent as the whole body, as Direct Line also allows, with no words', async () => {
    const c = await start();
    const response = await fetch(
      `${gateway.url}/v3/directline/conversations/${c.conversationId}/upload?userId=customer-1`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${c.token}`,
          'content-type': 'image/heic',
          'content-disposition': 'name="file"; filename="IMG_0001.HEIC"',
        },
        body: new Uint8Array(heic),
      },
    );
    expect(response.status).toBe(200);
    const rows = await inboundRows(c);
    expect(rows.map((r) => ({ text: r.text, types: r.media.map((m) => m.contentType) }))).toEqual([
      { text: '', types: ['image/heic'] },
    ]);
  });

  it('refuses what it does not take, with Direct Line error bodies, and keeps nothing of it', async () => {
    const c = await start();
    // 415: an SVG (script in it), however it is labelled; a Word document; JSON where a form belongs.
    expect(
      await errorOf(await upload(c, form([{ bytes: svgWithScript, type: 'image/jpeg', name: 'photo.jpg' }]))),
    ).toMatchObject({ status: 415, code: 'UnsupportedMediaType' });
    expect(
      await errorOf(
        await upload(
          c,
          form([{ bytes: Buffer.from('PK\u0003\u0004word'), type: 'application/msword', name: 'a.docx' }]),
        ),
      ),
    ).toMatchObject({
      status: 415,
      code: 'UnsupportedMediaType',
      message: expect.stringContaining('.jpg'),
    });
    expect(
      await errorOf(await upload(c, Buffer.from('{"type":"message"}'), { contentType: 'application/json' })),
    ).toMatchObject({ status: 415 });
    // 413: a file over 10 MB; six files.
    const big = Buffer.concat([jpeg, Buffer.alloc(10 * 1024 * 1024)]);
    expect(await errorOf(await upload(c, form([{ bytes: big, type: 'image/jpeg', name: 'huge.jpg' }])))).toMatchObject({
      status: 413,
      code: 'MessageSizeTooBig',
      message: expect.stringContaining('10 MB'),
    });
    const six = Array.from({ length: 6 }, (_, i) => ({ bytes: jpeg, type: 'image/jpeg', name: `p${i}.jpg` }));
    expect(await errorOf(await upload(c, form(six)))).toMatchObject({ status: 413, code: 'MessageSizeTooBig' });
    // 400: no file; no userId; an activity part that is not JSON; a form without a boundary; a typing activity with files.
    expect(await errorOf(await upload(c, form([], { type: 'message', text: 'hello' })))).toMatchObject({
      status: 400,
      code: 'BadArgument',
    });
    expect(
      await errorOf(await upload(c, form([{ bytes: jpeg, type: 'image/jpeg', name: 'a.jpg' }]), { userId: null })),
    ).toMatchObject({ status: 400, message: 'userId is required' });
    const broken = new FormData();
    broken.append('activity', new Blob(['{not json'], { type: 'application/vnd.microsoft.activity' }));
    broken.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'a.jpg');
    expect(await errorOf(await upload(c, broken))).toMatchObject({ status: 400, code: 'BadArgument' });
    expect(await errorOf(await upload(c, jpeg, { contentType: 'multipart/form-data' }))).toMatchObject({
      status: 400,
      code: 'BadArgument',
    });
    expect(
      await errorOf(await upload(c, form([{ bytes: jpeg, type: 'image/jpeg', name: 'a.jpg' }], { type: 'typing' }))),
    ).toMatchObject({ status: 400 });
    // 401 and 403: no token, someone else's conversation's token.
    const other = await start();
    expect(
      await errorOf(
        await fetch(`${gateway.url}/v3/directline/conversations/${c.conversationId}/upload?userId=x`, {
          method: 'POST',
          body: form([{ bytes: jpeg, type: 'image/jpeg', name: 'a.jpg' }]),
        }),
      ),
    ).toMatchObject({
      status: 401,
      code: 'MissingCredentials',
    });
    expect(
      await errorOf(
        await upload(c, form([{ bytes: jpeg, type: 'image/jpeg', name: 'a.jpg' }]), { token: other.token }),
      ),
    ).toMatchObject({ status: 403, code: 'TokenInvalid' });

    expect(await inboundRows(c)).toEqual([]);
    const kept = await gateway.store.db.query<{ n: number }>(
      `select count(*)::int as n from media where address = $1`,
      [c.conversationId],
    );
    expect(kept[0]!.n).toBe(0);
  });

  it("answers Web Chat's join with the greeting in the client's language, once, and no second greeting after it", async () => {
    const c = await start();
    const socket = new WebSocket(c.streamUrl);
    const frames: Array<{
      activities: Array<{ type: string; text?: string; textFormat?: string; from: { role: string } }>;
      watermark?: string;
    }> = [];
    socket.on('message', (data: WebSocket.RawData) => {
      if (data.toString() !== '') frames.push(JSON.parse(data.toString()) as (typeof frames)[number]);
    });
    await new Promise<void>((resolve) => socket.once('open', () => resolve()));
    const botSaid = () =>
      frames.flatMap((f) => f.activities).filter((a) => a.type === 'message' && a.from.role === 'bot');
    const until = async (predicate: () => boolean) => {
      while (!predicate()) await new Promise((resolve) => setTimeout(resolve, 25));
    };
    const post = (activity: Record<string, unknown>) =>
      fetch(`${gateway.url}/v3/directline/conversations/${c.conversationId}/activities`, {
        method: 'POST',
        headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
    try {
      const pl = (key: string) => words.says('pl', key);
      // Web Chat's sample: the event, the language in its value (and Web Chat's locale on the activity).
      const joined = await post({
        type: 'event',
        name: 'webchat/join',
        from: { id: 'r_abc' },
        value: { language: 'pl-PL' },
        channelData: { clientActivityID: 'j1' },
      });
      expect(joined.status).toBe(200);
      await until(() => botSaid().length >= 2);
      expect(botSaid().map((a) => a.text)).toEqual([pl('start.greeting'), pl('start.howCanIHelp')]);
      expect(botSaid().every((a) => a.textFormat === 'plain')).toBe(true);
      // The bot was typing before it greeted: a live frame, with no watermark, never kept in history.
      const kinds = frames.flatMap((f) => f.activities.map((a) => `${a.from.role}:${a.type}`));
      expect(kinds.indexOf('bot:typing')).toBeGreaterThanOrEqual(0);
      expect(kinds.indexOf('bot:typing')).toBeLessThan(kinds.indexOf('bot:message'));
      expect(
        frames.filter((f) => f.activities.some((a) => a.type === 'typing')).every((f) => f.watermark === undefined),
      ).toBe(true);

      // The page reloads and joins again; another client sends a conversationUpdate: no second greeting.
      expect((await post({ type: 'event', name: 'webchat/join', from: { id: 'r_abc' }, locale: 'pl-PL' })).status).toBe(
        200,
      );
      expect(
        (await post({ type: 'conversationUpdate', membersAdded: [{ id: 'r_abc' }], from: { id: 'r_abc' } })).status,
      ).toBe(200);
      // And the customer's first words bring the next step, not the greeting again.
      const before = botSaid().length;
      expect(
        (await post({ type: 'message', from: { id: 'r_abc' }, text: 'kiedy jest otwarte biuro', locale: 'pl-PL' }))
          .status,
      ).toBe(200);
      await until(() => botSaid().length > before);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(botSaid().filter((a) => a.text === pl('start.greeting'))).toHaveLength(1);

      // Stored once, marked as a join with no words, and never part of what the customer said.
      const rows = await inboundRows(c);
      expect(rows.map((r) => ({ kind: r.kind, text: r.text }))).toEqual([
        { kind: 'join', text: '' },
        { kind: 'message', text: 'kiedy jest otwarte biuro' },
      ]);
      const conversation = (
        await gateway.store.db.query<{ id: string; locale: string }>(
          `select id, locale from conversations where address = $1`,
          [c.conversationId],
        )
      )[0]!;
      expect(conversation.locale).toBe('pl');
      expect(
        (await gateway.store.listMessages(conversation.id)).filter((m) => m.direction === 'inbound').map((m) => m.text),
      ).toEqual(['kiedy jest otwarte biuro']);

      // Typing stops with the turn: once the bot has answered, no typing follows its last reply.
      await new Promise((resolve) => setTimeout(resolve, 3500));
      const last = frames.flatMap((f) => f.activities).map((a) => `${a.from.role}:${a.type}`);
      expect(last.at(-1)).toBe('bot:message');
      const history = (await (
        await fetch(`${gateway.url}/v3/directline/conversations/${c.conversationId}/activities`, {
          headers: { authorization: `Bearer ${c.token}` },
        })
      ).json()) as { activities: Array<{ type: string }> };
      expect(history.activities.some((a) => a.type === 'typing')).toBe(false);
    } finally {
      socket.close();
    }
  });

  it('answers every refusal under /v3/directline in Direct Line’s error shape', async () => {
    const c = await start();
    expect(await errorOf(await fetch(`${gateway.url}/v3/directline/nowhere`))).toEqual({
      status: 404,
      code: 'NotFound',
      message: 'no such Direct Line route',
    });
    const wrongMethod = await fetch(`${gateway.url}/v3/directline/conversations/${c.conversationId}/upload`, {
      headers: { authorization: `Bearer ${c.token}` },
    });
    expect(wrongMethod.headers.get('allow')).toBe('POST, OPTIONS');
    expect(await errorOf(wrongMethod)).toMatchObject({ status: 405, code: 'MethodNotAllowed' });
    expect(
      await errorOf(
        await fetch(`${gateway.url}/v3/directline/conversations/not-a-uuid/activities`, {
          headers: { authorization: `Bearer ${c.token}` },
        }),
      ),
    ).toMatchObject({
      status: 404,
      code: 'NotFound',
    });
    // An expired token says so, in Direct Line's own code.
    const [payload] = c.token.split('.');
    const expired = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as { exp: number };
    expect(expired.exp).toBeGreaterThan(0);
    const { mintToken } = await import('../../channels/directline/token.js');
    const secret = (await import('node:fs'))
      .readFileSync(`${gateway.config.DATA_DIR}/directline-secret`, 'utf8')
      .trim();
    const old = mintToken(secret, {
      conv: c.conversationId,
      exp: Math.floor(Date.now() / 1000) - 60,
      kind: 'conversation',
    });
    expect(
      await errorOf(
        await fetch(`${gateway.url}/v3/directline/conversations/${c.conversationId}/activities`, {
          headers: { authorization: `Bearer ${old}` },
        }),
      ),
    ).toMatchObject({
      status: 403,
      code: 'TokenExpired',
    });
    // The page's own routes speak it too.
    expect(await errorOf(await fetch(`${gateway.url}/webchat/locales/xx.json`))).toMatchObject({
      status: 404,
      code: 'NotFound',
    });
  });
});

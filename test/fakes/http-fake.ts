import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** JSON objects as sent; form bodies as name -> value (name -> values when repeated). */
export type ParsedBody = Record<string, unknown>;

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Node's lower-cased headers. */
  headers: IncomingHttpHeaders;
  rawBody: string;
  body: ParsedBody;
  /** What the fake answered, set once it has answered. */
  status?: number;
}

export interface FakeResponse {
  status: number;
  /** Objects are sent as JSON; strings as text. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Act on the request but drop the connection instead of answering, as a network or a crashed caller loses an answer. */
  drop?: boolean;
}

export type RequestMatcher = (request: RecordedRequest) => boolean;
export type FakeHandler = (request: RecordedRequest) => FakeResponse | Promise<FakeResponse>;

export interface HttpFake {
  /** `http://127.0.0.1:<port>` with no trailing slash. */
  url: string;
  /** Every request received, in order, including scripted failures. */
  requests: RecordedRequest[];
  /** The next `n` requests that match (all by default) get `response` instead of the handler's answer. */
  failNext(n: number, response: FakeResponse, match?: RequestMatcher): void;
  close(): Promise<void>;
}

interface ScriptedFailure {
  remaining: number;
  response: FakeResponse;
  match: RequestMatcher;
}

/**
 * A real HTTP server on 127.0.0.1 and a free port, so SDK clients exercise their whole
 * stack (agents, serialisation, status handling) just as they would against the provider.
 */
export async function startHttpFake(handle: FakeHandler): Promise<HttpFake> {
  const requests: RecordedRequest[] = [];
  const failures: ScriptedFailure[] = [];

  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const recorded = await record(incoming);
      requests.push(recorded);
      const failure = failures.find((f) => f.remaining > 0 && f.match(recorded));
      let response: FakeResponse;
      if (failure) {
        failure.remaining -= 1;
        response = failure.response;
      } else {
        try {
          response = await handle(recorded);
        } catch (error) {
          // A bug in a fake must show up in the test, not hang it.
          response = {
            status: 500,
            body: `fake handler threw: ${error instanceof Error ? error.stack : String(error)}`,
          };
        }
      }
      if (response.drop) {
        incoming.socket.destroy();
        return;
      }
      recorded.status = response.status;
      const isText = typeof response.body === 'string';
      const payload = response.body === undefined ? '' : isText ? String(response.body) : JSON.stringify(response.body);
      outgoing.writeHead(response.status, {
        ...(response.body === undefined
          ? {}
          : { 'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8' }),
        ...response.headers,
      });
      outgoing.end(payload);
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(n, response, match = () => true) {
      failures.push({ remaining: n, response, match });
    },
    async close() {
      // SDKs keep sockets alive; drop them so close() does not wait for their idle timeout.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

async function record(incoming: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString('utf8');
  const url = new URL(incoming.url ?? '/', 'http://fake.invalid');
  return {
    method: incoming.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: incoming.headers,
    rawBody,
    body: parseBody(incoming.headers['content-type'], rawBody),
  };
}

export function parseBody(contentType: string | undefined, rawBody: string): ParsedBody {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') {
    try {
      const parsed: unknown = JSON.parse(rawBody);
      return isRecord(parsed) ? parsed : {};
    } catch {
      return {};
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    const body: ParsedBody = {};
    const params = new URLSearchParams(rawBody);
    for (const key of new Set(params.keys())) {
      const values = params.getAll(key);
      body[key] = values.length === 1 ? values[0] : values;
    }
    return body;
  }
  return {};
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The credentials of an HTTP Basic `Authorization` header, if it has one. */
export function basicAuth(headers: IncomingHttpHeaders): { user: string; password: string } | undefined {
  const match = /^Basic\s+(.+)$/i.exec(headers.authorization ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The token of an `Authorization: Bearer` header, if it has one. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
}

/** A body field as a single string (the first value when repeated). */
export function field(body: ParsedBody, name: string): string | undefined {
  const value = body[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

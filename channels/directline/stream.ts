import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import type { DirectLineActivity } from './activity.js';
import type { ConversationFeed } from './conversation-feed.js';
import { type DirectLineContext, nowSeconds } from './context.js';
import { describeError } from './logger.js';
import { verifyToken } from './token.js';

const streamPath = /^\/v3\/directline\/conversations\/([0-9a-f-]{36})\/stream$/;
const StreamQuerySchema = z.object({
  t: z.string().min(1).max(1024).optional(),
  watermark: z
    .string()
    .regex(/^\d{0,9}$/)
    .optional(),
});

/** How often a socket must answer a ping before it is dropped (browsers answer by themselves). */
const heartbeatMs = 30_000;
/** setTimeout's ceiling (~24.8 days): a socket of a longer-lived token is closed then, and reconnects. */
const maxTimerMs = 2 ** 31 - 1;
/** Policy Violation: the token the socket was opened with has expired; the client reconnects with a fresh one. */
export const tokenExpiredCloseCode = 1008;
/** Service Restart: live delivery had a gap; the client reconnects from its watermark and misses nothing. */
export const resumeCloseCode = 1012;

/**
 * A conversation's live activities for one socket: held, in the order they were published,
 * until the socket has had its history, then forwarded as they come.
 */
interface Live {
  held: Array<{ seq: number; activity: DirectLineActivity }>;
  forward: ((seq: number, activity: DirectLineActivity) => void) | undefined;
  unsubscribe: () => void;
}

interface Connection {
  socket: WebSocket;
  alive: boolean;
  stop: () => void;
}

function refuseUpgrade(socket: Duplex, status: 400 | 401 | 403 | 404 | 503): void {
  const reason = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    503: 'Service Unavailable',
  }[status];
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The `streamUrl` WebSocket: `{activities, watermark}` frames, the history after the
 * watermark first, then live activities from the feed, each exactly once and in order.
 */
export class DirectLineStream {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  private readonly connections = new Set<Connection>();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    private readonly ctx: DirectLineContext,
    private readonly feed: ConversationFeed,
  ) {
    feed.onGap(() => {
      for (const connection of this.connections) connection.socket.close(resumeCloseCode, 'resume from watermark');
    });
  }

  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const match = streamPath.exec(url.pathname);
      if (match?.[1] === undefined) {
        // Other paths belong to whoever else listens for upgrades; ours are never left hanging.
        if (url.pathname.startsWith('/v3/directline/')) refuseUpgrade(socket, 404);
        return;
      }
      this.upgrade(req, socket, head, match[1], url).catch((error: unknown) => {
        this.ctx.logger.error(describeError(error, true), 'directline stream upgrade failed');
        if (!socket.destroyed) refuseUpgrade(socket, 503);
      });
    });
    this.heartbeat ??= setInterval(() => this.beat(), heartbeatMs);
    this.heartbeat.unref();
  }

  private async upgrade(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    conversationId: string,
    url: URL,
  ): Promise<void> {
    const query = StreamQuerySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) return refuseUpgrade(socket, 400);
    if (query.data.t === undefined) return refuseUpgrade(socket, 401);
    const check = verifyToken(this.ctx.secret, query.data.t, { kind: 'stream', conversationId });
    if (!check.ok) return refuseUpgrade(socket, 403);
    if (!(await this.ctx.store.exists(conversationId))) return refuseUpgrade(socket, 404);
    const watermark =
      query.data.watermark === undefined || query.data.watermark === '' ? 0 : Number(query.data.watermark);
    // Listening before the handshake completes, so whatever is published once the client sees
    // its socket open reaches it: Web Chat posts its join as soon as the socket opens, and the
    // bot's typing signal for that turn, which is never kept, would otherwise be lost.
    const live: Live = { held: [], forward: undefined, unsubscribe: () => undefined };
    live.unsubscribe = await this.feed.subscribe(this.ctx.store.channel(conversationId), (seq, activity) => {
      if (live.forward) live.forward(seq, activity);
      else live.held.push({ seq, activity });
    });
    let served = false;
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      served = true;
      this.serve(ws, conversationId, watermark, check.payload.exp, live).catch((error: unknown) => {
        this.ctx.logger.warn({ conversationId, ...describeError(error, true) }, 'directline stream failed');
        ws.close(1011, 'server error');
      });
    });
    // The handshake failed (ws has answered the client): nobody is listening.
    if (!served) live.unsubscribe();
  }

  private async serve(
    ws: WebSocket,
    conversationId: string,
    watermark: number,
    exp: number,
    live: Live,
  ): Promise<void> {
    let lastSent = watermark;
    const deliver = (seq: number, activity: DirectLineActivity) => {
      if (seq <= lastSent || ws.readyState !== WebSocket.OPEN) return;
      ws.send(JSON.stringify({ activities: [activity], watermark: String(seq) }));
      lastSent = seq;
    };
    // Sequence 0 is live-only (typing): sent as it comes, without a watermark, never kept.
    const sendLive = (activity: DirectLineActivity) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ activities: [activity] }));
    };

    const expiry = setTimeout(
      () => ws.close(tokenExpiredCloseCode, 'token expired'),
      Math.min(maxTimerMs, (exp - nowSeconds()) * 1000),
    );
    const connection: Connection = {
      socket: ws,
      alive: true,
      stop: () => {
        clearTimeout(expiry);
        live.unsubscribe();
        this.connections.delete(connection);
      },
    };
    this.connections.add(connection);
    ws.on('pong', () => {
      connection.alive = true;
    });
    ws.on('close', () => connection.stop());
    // Clients send empty frames as their own keep-alive; nothing a client sends is acted on.
    ws.on('message', () => undefined);

    // The feed was listened to before history is read, and what history already covered is
    // dropped: nothing is lost in between and nothing is sent twice.
    const history = await this.ctx.store.after(conversationId, watermark);
    let historySent = false;
    const sendHistory = () => {
      if (historySent) return;
      historySent = true;
      if (history.activities.length > 0 && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(history));
      // Also corrects a watermark from beyond the end, which would otherwise hide new activities.
      lastSent = Number(history.watermark);
    };
    // What was heard while history was read, in the order it was published: a typing signal
    // goes out before the history frame that holds the answer it came before, not after it,
    // where it would show the bot typing again once it has answered.
    for (const { seq, activity } of live.held.splice(0)) {
      if (seq === 0) sendLive(activity);
      else {
        sendHistory();
        deliver(seq, activity);
      }
    }
    sendHistory();
    live.forward = (seq, activity) => (seq === 0 ? sendLive(activity) : deliver(seq, activity));
  }

  private beat(): void {
    for (const connection of this.connections) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }

  async close(): Promise<void> {
    if (this.heartbeat !== undefined) clearInterval(this.heartbeat);
    // Going Away: the client reconnects (to another node behind the load balancer). New
    // upgrades are refused with 503 from here on. A client that does not answer the close
    // handshake within a second is cut off, so shutdown never waits on a browser tab.
    const closed = new Promise<void>((resolve) => this.wss.close(() => resolve()));
    for (const connection of this.connections) connection.socket.close(1001, 'server shutting down');
    const cutOff = setTimeout(() => {
      for (const connection of this.connections) connection.socket.terminate();
    }, 1_000);
    await closed;
    clearTimeout(cutOff);
  }
}

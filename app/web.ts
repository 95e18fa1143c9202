import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { mountChannel, type ChannelAdapter, type Intake } from '../src/channel.js';
import { createHttpApp, type HttpAppOptions } from '../src/http/server.js';

export interface WebOptions extends HttpAppOptions {
  /** Where the channels' webhooks hand customers' messages. */
  intake: Intake;
  /** Each channel once, whatever number of ids it serves. */
  channels: Iterable<ChannelAdapter>;
  /** Routes after the channels' and before the 404 and error answers (letters, files, Slack's receiver). */
  routes?: (app: Express) => Promise<void> | void;
  /** 0 for any free port. */
  port: number;
  /** @defaultValue every interface */
  host?: string;
  /** Before it listens: more on the same server (web chat's sockets). */
  onServer?: (server: Server) => void;
}

export interface Web {
  server: Server;
  /** The port it listens on (the one asked for, or the free one found). */
  port: number;
  /** Mount one more channel's routes (a test harness adds its channels after start-up). */
  mount(channel: ChannelAdapter): void;
  /** Stop listening and close every connection still open (keep-alive and upgraded sockets alike). */
  close(): Promise<void>;
}

/**
 * The web step of start-up: the HTTP app (health, readiness, metrics), each channel's routes
 * and webhook-lane routes, then whatever else the role serves, on one server. The gateway's
 * web role and the channel test harness alike.
 */
export async function startWeb(options: WebOptions): Promise<Web> {
  const { intake, channels, routes, port, host, onServer, ...http } = options;
  const { app, channelRouter, lane, finish } = createHttpApp(http);
  const mount = (channel: ChannelAdapter): void => mountChannel(channel, intake, { router: channelRouter, lane });
  for (const channel of channels) mount(channel);
  await routes?.(app);
  finish();
  const server = createServer(lane.wrap(app));
  onServer?.(server);
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    if (host === undefined) server.listen(port, () => done());
    else server.listen(port, host, () => done());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    mount,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

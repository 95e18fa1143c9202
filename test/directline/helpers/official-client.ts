import { createRequire } from 'node:module';
import { type Activity, ConnectionStatus, DirectLine, type DirectLineOptions } from 'botframework-directlinejs';
import WebSocket from 'ws';

/**
 * Running the official `botframework-directlinejs` client in Node 20.
 *
 * The client is written for browsers: it decides whether to stream by looking for a
 * global `WebSocket` (Node 20 has none without a flag), and it makes REST calls with rxjs 5's
 * `Observable.ajax`, which needs `XMLHttpRequest`. It takes both as injectable services, so
 * we give it `ws` as WebSocket and an ajax built on `fetch`, made from the very rxjs copy the
 * client itself loads (so its operators are patched onto our Observables too).
 */

interface RxSubscriber<T> {
  next(value: T): void;
  error(error: unknown): void;
  complete(): void;
}
interface RxObservableStatic {
  create<T>(subscribe: (subscriber: RxSubscriber<T>) => () => void): unknown;
}
interface AjaxRequestLike {
  url: string;
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  timeout?: number;
}

const requireHere = createRequire(import.meta.url);
const requireFromClient = createRequire(requireHere.resolve('botframework-directlinejs'));
const { Observable } = requireFromClient('rxjs/Observable') as { Observable: RxObservableStatic };
type SchedulerAction = new (...args: never[]) => unknown;
const { AsyncScheduler } = requireFromClient('rxjs/scheduler/AsyncScheduler') as {
  AsyncScheduler: new (action: SchedulerAction) => unknown;
};
const { AsyncAction } = requireFromClient('rxjs/scheduler/AsyncAction') as { AsyncAction: SchedulerAction };

function fetchAjax(request: AjaxRequestLike): unknown {
  return Observable.create<unknown>((subscriber) => {
    const controller = new AbortController();
    const timer = request.timeout ? setTimeout(() => controller.abort(), request.timeout) : undefined;
    const body =
      request.body === undefined || typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    fetch(request.url, {
      method: request.method ?? 'GET',
      headers: request.headers ?? {},
      body,
      signal: controller.signal,
    })
      .then(async (response) => {
        const text = await response.text();
        let parsed: unknown = null;
        try {
          parsed = text === '' ? null : JSON.parse(text);
        } catch {
          parsed = text;
        }
        const xhr = { getResponseHeader: (name: string) => response.headers.get(name) };
        if (response.ok) {
          subscriber.next({ response: parsed, status: response.status, xhr });
          subscriber.complete();
        } else {
          subscriber.error({ status: response.status, response: parsed, xhr });
        }
      })
      .catch((error: unknown) => subscriber.error({ status: 0, error, xhr: { getResponseHeader: () => null } }))
      .finally(() => clearTimeout(timer));
    return () => clearTimeout(timer);
  });
}

const globals = globalThis as { WebSocket?: unknown };
globals.WebSocket ??= WebSocket;

/** The official client, pointed at our gateway, with everything it receives kept in order. */
export class OfficialClient {
  readonly directLine: DirectLine;
  readonly received: Activity[] = [];
  /** What ended the activity stream, when something did. */
  failure: unknown;
  private waiters: Array<() => void> = [];
  private readonly subscription: { unsubscribe(): void };

  constructor(baseUrl: string, options: DirectLineOptions) {
    this.directLine = new DirectLine({
      ...options,
      domain: `${baseUrl}/v3/directline`,
      webSocket: true,
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
      ajax: fetchAjax as unknown as NonNullable<ConstructorParameters<typeof DirectLine>[0]['ajax']>,
      // rxjs 5's shared async scheduler drops every queued action when one throws, so one
      // client's "conversation ended" would eat another's activities: each gets its own, as
      // each browser tab would.
      scheduler: new AsyncScheduler(AsyncAction) as NonNullable<
        ConstructorParameters<typeof DirectLine>[0]['scheduler']
      >,
    });
    this.subscription = this.directLine.activity$.subscribe(
      (activity) => {
        this.received.push(activity);
        for (const wake of this.waiters) wake();
      },
      (error: unknown) => {
        this.failure = error;
      },
    );
  }

  /** Posts a message from the user; resolves with the id the server gave it. */
  async say(text: string, locale = 'en-GB'): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      this.directLine.postActivity({ type: 'message', from: { id: 'user' }, text, locale }).subscribe(
        (id: string) => resolve(id),
        (error: unknown) => reject(error),
      );
    });
  }

  async until(predicate: (activities: Activity[]) => boolean): Promise<Activity[]> {
    while (!predicate(this.received)) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.received;
  }

  /**
   * The texts in the server's order (activity ids end in the sequence number). The client
   * emits each activity of a batch on its own scheduler tick and merges batches, so a live
   * activity can overtake the tail of a replayed batch; Web Chat orders by id/timestamp too.
   */
  texts(): string[] {
    return [...this.received]
      .sort((a, b) => (a.id ?? '').localeCompare(b.id ?? ''))
      .map((a) => (a.type === 'message' ? (a.text ?? '') : ''));
  }

  async status(wanted: ConnectionStatus): Promise<void> {
    await new Promise<void>((resolve) => {
      const sub = this.directLine.connectionStatus$.subscribe((status) => {
        if (status === wanted) {
          resolve();
          setImmediate(() => sub.unsubscribe());
        }
      });
    });
  }

  end(): void {
    this.subscription.unsubscribe();
    this.directLine.end();
  }
}

export { ConnectionStatus };

import WebSocket from 'ws';

export interface ActivityFrame {
  activities: Array<{
    id: string;
    type: string;
    text?: string;
    from: { id: string; role?: string };
    suggestedActions?: { actions: Array<{ type: string; title: string; value: string }> };
  }>;
  watermark: string;
}

/** A raw stream client that keeps every activity it is sent, in order. */
export class StreamClient {
  readonly activities: ActivityFrame['activities'] = [];
  watermark = '';
  private waiters: Array<() => void> = [];
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: WebSocket.RawData) => {
      const text = data.toString();
      if (text === '') return;
      const frame = JSON.parse(text) as ActivityFrame;
      this.activities.push(...frame.activities);
      this.watermark = frame.watermark;
      for (const wake of this.waiters) wake();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code: number, reason: Buffer) => resolve({ code, reason: reason.toString() }));
    });
  }

  static async open(url: string): Promise<StreamClient> {
    const socket = new WebSocket(url);
    const client = new StreamClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  /** Resolves when the predicate holds over everything received so far (the test timeout bounds it). */
  async until(predicate: (activities: ActivityFrame['activities']) => boolean): Promise<ActivityFrame['activities']> {
    while (!predicate(this.activities)) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return this.activities;
  }

  texts(): string[] {
    return this.activities.map((a) => a.text ?? '');
  }

  close(): void {
    this.socket.close();
  }
}

/** The HTTP status with which the server refused a WebSocket upgrade. */
export async function upgradeStatus(url: string): Promise<number> {
  const socket = new WebSocket(url);
  return new Promise<number>((resolve, reject) => {
    socket.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('open', () => {
      socket.close();
      reject(new Error('the upgrade was accepted'));
    });
    socket.once('error', (error) => reject(error));
  });
}

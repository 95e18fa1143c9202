import { describe, expect, it } from 'vitest';
import { StreamClient } from '../directline/helpers/socket.js';
import { startTestGateway } from '../helpers/gateway.js';
import { freePort, sleep } from './harness.js';

const SECRET = 'shutdown-test-directline-secret-0123456789';

describe('shutting down with a web chat open (#13 item 8)', () => {
  it('closes the chat with 1001, answers /readyz 503 while it drains, then closes the port and finishes', async () => {
    const port = await freePort();
    const gateway = await startTestGateway(
      { DIRECTLINE_SECRET: SECRET, PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}` },
      { timings: { drainMs: 1_500, shutdownTimeoutMs: 10_000 } },
    );
    let closed = false;
    try {
      const started = await fetch(`${gateway.url}/v3/directline/conversations`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${SECRET}` },
      });
      expect(started.status).toBe(201);
      const { streamUrl } = (await started.json()) as { streamUrl: string };
      const chat = await StreamClient.open(streamUrl);

      const closing = gateway.close().then(() => {
        closed = true;
      });
      // Going Away: Web Chat reconnects, to another node behind the load balancer.
      expect((await chat.closed).code).toBe(1001);
      const draining = await fetch(`${gateway.url}/readyz`);
      expect(draining.status).toBe(503);
      expect(((await draining.json()) as { status: string }).status).toBe('shutting_down');
      // A new socket is refused while it drains.
      await expect(StreamClient.open(streamUrl)).rejects.toThrow(/503/);

      // It finishes by itself (the test's own timeout bounds the wait), and the port is closed.
      await closing;
      expect(closed).toBe(true);
      await expect(fetch(`${gateway.url}/readyz`)).rejects.toThrow();
    } finally {
      if (!closed) await Promise.race([gateway.close(), sleep(5_000)]);
      await gateway.stop().catch(() => undefined);
    }
  }, 60_000);
});

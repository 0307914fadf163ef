// A client that opens a request and stalls must not hold its connection for ever: the server
// answers 408 (or closes) once LEADMAPS_REQUEST_TIMEOUT_MS has passed without the whole request.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

const requestTimeoutMilliseconds = 1_000;

/** Writes `text` to a raw connection and resolves with what came back once the server closed it. */
function stallAfterSending(url: string, text: string, giveUpAfterMilliseconds: number) {
  const { hostname, port } = new URL(url);
  return new Promise<{ closedAfterMilliseconds: number | null; received: string }>((resolve) => {
    const started = Date.now();
    let received = '';
    const socket = net.connect(Number(port), hostname, () => socket.write(text));
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (received += chunk));
    socket.on('error', () => {});
    const giveUp = setTimeout(() => {
      socket.destroy();
      resolve({ closedAfterMilliseconds: null, received });
    }, giveUpAfterMilliseconds);
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve({ closedAfterMilliseconds: Date.now() - started, received });
    });
  });
}

describe('HTTP timeouts', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ LEADMAPS_REQUEST_TIMEOUT_MS: String(requestTimeoutMilliseconds) });
  });
  afterAll(async () => server?.stop());

  it('closes a connection whose body stalls, with a 408, within the request timeout', async () => {
    const partialRequest =
      'POST /2/httpapi HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"api_key":"';
    const outcome = await stallAfterSending(server.url, partialRequest, 6_000);
    expect(outcome.closedAfterMilliseconds).not.toBeNull();
    // The limit, plus Node's check interval (a quarter of it) and some slack for a busy machine.
    expect(outcome.closedAfterMilliseconds!).toBeGreaterThanOrEqual(requestTimeoutMilliseconds - 100);
    expect(outcome.closedAfterMilliseconds!).toBeLessThan(requestTimeoutMilliseconds * 2 + 500);
    expect(outcome.received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a connection whose headers stall', async () => {
    const outcome = await stallAfterSending(server.url, 'POST /v1/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow:', 6_000);
    expect(outcome.closedAfterMilliseconds).not.toBeNull();
    expect(outcome.closedAfterMilliseconds!).toBeLessThan(requestTimeoutMilliseconds * 2 + 500);
  });

  it('still serves a complete request on the same server', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
  });
});

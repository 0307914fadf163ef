// A TCP proxy between the server under test and a real PostgreSQL, to make the database
// unreachable on demand without touching the database itself:
//   forward: connections are relayed both ways (the database works);
//   silent:  connections are accepted and kept, but nothing goes through either way, and relayed
//            connections stop relaying (a network partition, or a database that hangs);
//   stopped: the listener is closed and every connection destroyed (connection refused, reset).
// It keeps its port across stop and start, so the server's database URL stays valid.
import net from 'node:net';

export type ProxyMode = 'forward' | 'silent' | 'stopped';

export interface TcpProxy {
  readonly port: number;
  readonly mode: ProxyMode;
  /** Listens (again) and relays new connections; connections left from silent mode are destroyed. */
  start(): Promise<void>;
  /** Closes the listener and destroys every connection. */
  stop(): Promise<void>;
  /** Keeps accepting, relays nothing; relayed connections go quiet without being closed. */
  silence(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = 'stopped';
  let port = 0;
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket | null }>();

  const destroyAll = () => {
    for (const pair of pairs) {
      pair.client.destroy();
      pair.upstream?.destroy();
    }
    pairs.clear();
  };

  const quiet = (pair: { client: net.Socket; upstream: net.Socket | null }) => {
    pair.client.unpipe();
    pair.upstream?.unpipe();
    // Read and drop whatever arrives, so neither side sees back-pressure or an error.
    pair.client.removeAllListeners('data').on('data', () => {});
    pair.upstream?.removeAllListeners('data').on('data', () => {});
  };

  const server = net.createServer((client) => {
    const pair: { client: net.Socket; upstream: net.Socket | null } = { client, upstream: null };
    pairs.add(pair);
    const forget = () => {
      pairs.delete(pair);
      client.destroy();
      pair.upstream?.destroy();
    };
    client.on('error', forget).on('close', forget);
    if (mode !== 'forward') {
      quiet(pair);
      return;
    }
    const upstream = net.connect(target.port, target.host);
    pair.upstream = upstream;
    upstream.on('error', forget).on('close', forget);
    client.pipe(upstream);
    upstream.pipe(client);
  });

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        port = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });

  const proxy: TcpProxy = {
    get port() {
      return port;
    },
    get mode() {
      return mode;
    },
    async start() {
      if (mode === 'silent') destroyAll();
      if (!server.listening) await listen();
      mode = 'forward';
    },
    async stop() {
      mode = 'stopped';
      const closed = new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
      destroyAll();
      await closed;
    },
    async silence() {
      if (!server.listening) await listen();
      mode = 'silent';
      for (const pair of pairs) quiet(pair);
    },
  };
  await proxy.start();
  return proxy;
}

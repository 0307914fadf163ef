// Test hooks for the Citus shape of leadmaps (docs/scaling.md), applied to each new test database:
// - LEADMAPS_TEST_STATEMENTS_PER_TABLE=1: on one PostgreSQL, run the statements Citus needs (one per
//   table, see database/citus.ts) instead of the single-statement ones, so both shapes are tested
//   against the same expected figures without Citus.
// - LEADMAPS_TEST_CITUS_WORKERS=host:port,host:port: TEST_DATABASE_URL is a Citus coordinator (with
//   citus.enable_create_database_propagation on, so the new database exists on the workers too);
//   the new database gets the extension, its coordinator and workers registered, and is
//   distributed by the server's own migration path when the test server opens it.
import pg from 'pg';

async function onDatabase<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function citusTestWorkers(): { host: string; port: number }[] {
  const list = process.env.LEADMAPS_TEST_CITUS_WORKERS;
  if (!list) return [];
  return list.split(',').map((entry) => {
    const [host, port] = entry.trim().split(':');
    return { host: host!, port: Number(port) };
  });
}

export async function prepareTestDatabaseShape(url: string, name: string): Promise<void> {
  if (process.env.LEADMAPS_TEST_STATEMENTS_PER_TABLE === '1')
    await onDatabase(url, (client) => client.query(`ALTER DATABASE ${name} SET leadmaps.statements_per_table = on`));
  const workers = citusTestWorkers();
  if (!workers.length) return;
  for (const worker of workers) {
    const workerUrl = new URL(url);
    workerUrl.hostname = worker.host;
    workerUrl.port = String(worker.port);
    await onDatabase(workerUrl.toString(), (client) => client.query('CREATE EXTENSION IF NOT EXISTS citus'));
  }
  const coordinator = new URL(url);
  await onDatabase(url, async (client) => {
    await client.query('CREATE EXTENSION IF NOT EXISTS citus');
    await client.query('SELECT citus_set_coordinator_host($1, $2)', [
      coordinator.hostname,
      Number(coordinator.port || 5432),
    ]);
    for (const worker of workers) await client.query('SELECT citus_add_node($1, $2)', [worker.host, worker.port]);
  });
}

/**
 * Drops a test database from the coordinator and every worker, each node on its own: the drop that
 * Citus propagates fails when a worker's maintenance daemon is still connected to the database,
 * and leaves it invalid on the nodes it reached. A local DROP stops that node's daemon first.
 */
export async function dropCitusTestDatabase(coordinatorUrl: string, name: string): Promise<void> {
  const nodes = [
    new URL(coordinatorUrl),
    ...citusTestWorkers().map((worker) => {
      const url = new URL(coordinatorUrl);
      url.hostname = worker.host;
      url.port = String(worker.port);
      return url;
    }),
  ];
  for (const node of nodes) {
    node.pathname = '/postgres';
    await onDatabase(node.toString(), async (client) => {
      await client.query('SET citus.enable_create_database_propagation = off');
      for (let attempt = 1; ; attempt++) {
        try {
          await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          return;
        } catch (error) {
          if (attempt >= 10) throw error;
          await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        }
      }
    });
  }
}

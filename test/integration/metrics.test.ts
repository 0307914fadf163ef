// README "Metrics and logs": GET /metrics speaks Prometheus's text format, counts what ingest
// stored and refused (by API and reason) exactly, times requests by route pattern, reports folds,
// the rollup queue, cache lookups and (on PostgreSQL) the pool; off or token-protected on demand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, postJson, startTestServer, type TestServer } from '../support/test-server';

/** The value of one sample: `name{label="value",…} number`, labels in any order; 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return 0;
}

const time = Date.UTC(2026, 10, 20, 12);
const basic = (key: string) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`;

describe('GET /metrics', () => {
  let server: TestServer;
  let ingestKey: string;
  let secretKey: string;
  beforeAll(async () => {
    server = await startTestServer();
    const created = await server.services.projects.createProject({ name: 'Metrics' });
    ingestKey = created.project.ingestKey;
    secretKey = created.secretKey;
  });
  afterAll(async () => server?.stop());

  const scrape = async () => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  };

  it('counts stored, duplicate and refused events exactly, by API and reason', async () => {
    const before = await scrape();
    const events = [
      { event_type: 'Opened', user_id: 'user-00001', time, insert_id: 'metrics-1', groups: { company: 'acme' } },
      { event_type: 'Opened', user_id: 'user-00001', time, insert_id: 'metrics-2', groups: { company: 'acme' } },
    ];
    expect((await postJson(`${server.url}/2/httpapi`, { api_key: ingestKey, events })).status).toBe(200);
    // A retry of the first: one duplicate.
    expect((await postJson(`${server.url}/2/httpapi`, { api_key: ingestKey, events: [events[0]] })).status).toBe(200);
    // Two events refused by field: the whole request (Amplitude's contract), counted per field.
    const refused = await postJson(`${server.url}/2/httpapi`, {
      api_key: ingestKey,
      events: [
        { user_id: 'user-00002', time },
        { event_type: 'X', user_id: 'user-00002', time: 'yesterday' },
      ],
    });
    expect(refused.status).toBe(400);
    // Segment: one good message, one of an unknown type, one with a lone surrogate in userId, one too far in the future.
    const batch = await postJson(
      `${server.url}/v1/batch`,
      {
        batch: [
          { type: 'track', event: 'Opened', userId: 'user-00003', messageId: 'metrics-s1' },
          { type: 'explode', userId: 'user-00003' },
          { type: 'track', event: 'Opened', userId: 'user-\ud800' },
          { type: 'track', event: 'Opened', userId: 'user-00003', timestamp: '+010000-01-01T00:00:00Z' },
        ],
      },
      { authorization: basic(ingestKey) },
    );
    expect(batch.status).toBe(200);
    expect(batch.json.rejected).toHaveLength(3);

    const after = await scrape();
    const moved = (name: string, labels: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(moved('leadmaps_ingest_events_total', { api: 'amplitude-events', outcome: 'stored' })).toBe(2);
    expect(moved('leadmaps_ingest_events_total', { api: 'amplitude-events', outcome: 'duplicate' })).toBe(1);
    expect(moved('leadmaps_ingest_refusals_total', { api: 'amplitude-events', reason: 'missing_event_type' })).toBe(1);
    expect(moved('leadmaps_ingest_refusals_total', { api: 'amplitude-events', reason: 'invalid_time' })).toBe(1);
    expect(moved('leadmaps_ingest_events_total', { api: 'segment-batch', outcome: 'stored' })).toBe(1);
    expect(moved('leadmaps_ingest_refusals_total', { api: 'segment-batch', reason: 'unknown_type' })).toBe(1);
    expect(moved('leadmaps_ingest_refusals_total', { api: 'segment-batch', reason: 'lone_surrogate' })).toBe(1);
    expect(moved('leadmaps_ingest_refusals_total', { api: 'segment-batch', reason: 'invalid_time' })).toBe(1);
    // Nothing else moved: no refusal was counted under a reason the test did not cause.
    const refusalLines = (text: string) =>
      text.split('\n').filter((line) => line.startsWith('leadmaps_ingest_refusals_total{'));
    expect(refusalLines(after).length - refusalLines(before).length).toBe(5);

    // Request latencies by route pattern and status.
    expect(
      sample(after, 'leadmaps_http_request_duration_seconds_count', {
        route: '/2/httpapi',
        method: 'POST',
        status: '200',
      }),
    ).toBe(2);
    expect(
      sample(after, 'leadmaps_http_request_duration_seconds_count', {
        route: '/2/httpapi',
        method: 'POST',
        status: '400',
      }),
    ).toBe(1);
  });

  it('reports folds, the rollup queue, cache lookups, the pool and the process', async () => {
    const query = '{ groups(groupType: "company") { totalCount } }';
    const first = await graphql(server, secretKey, query);
    expect(first.errors).toBeUndefined();
    await graphql(server, secretKey, query);
    const text = await scrape();
    expect(sample(text, 'leadmaps_rollup_fold_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    // Two Amplitude events and one Segment event were stored; the read folded them all.
    expect(sample(text, 'leadmaps_rollup_folded_events_total')).toBe(3);
    expect(sample(text, 'leadmaps_rollup_queue_transactions')).toBe(0);
    expect(sample(text, 'leadmaps_rollup_fold_lag_seconds')).toBe(0);
    expect(text).toMatch(/^leadmaps_rollup_queue_events 0$/m);
    // The repeated read was answered from the response cache.
    expect(sample(text, 'leadmaps_cache_hits_total', { cache: 'graphql_response' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'leadmaps_cache_misses_total', { cache: 'graphql_response' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'leadmaps_cache_hits_total', { cache: 'ingest_keys' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'leadmaps_process_resident_memory_bytes')).toBeGreaterThan(0);
    if (server.testDatabase.config.kind === 'server') {
      expect(sample(text, 'leadmaps_database_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
      expect(text).toMatch(/^leadmaps_database_pool_connections\{state="waiting"\} \d+$/m);
    } else {
      expect(text).not.toMatch(/^leadmaps_database_pool_connections\{/m);
    }
  });

  it('shows the queue waiting to be folded, and how old its oldest transaction is', async () => {
    // Queued but not folded: the fold delay is long and nothing reads.
    const slow = await startTestServer({ LEADMAPS_ROLLUP_FOLD_DELAY_MS: '600000' });
    try {
      const { project } = await slow.services.projects.createProject({ name: 'Slow folds' });
      const events = [1, 2, 3].map((n) => ({
        event_type: 'Opened',
        user_id: `user-0000${n}`,
        time,
        groups: { company: 'acme' },
      }));
      expect((await postJson(`${slow.url}/2/httpapi`, { api_key: project.ingestKey, events })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const text = await (await fetch(`${slow.url}/metrics`)).text();
      expect(sample(text, 'leadmaps_rollup_queue_transactions')).toBe(1);
      expect(sample(text, 'leadmaps_rollup_queue_events')).toBe(3);
      expect(sample(text, 'leadmaps_rollup_fold_lag_seconds')).toBeGreaterThanOrEqual(1);
    } finally {
      await slow.stop();
    }
  });

  it('is absent when turned off, and asks for the token when one is set', async () => {
    const off = await startTestServer({ LEADMAPS_METRICS: 'false' });
    try {
      expect((await fetch(`${off.url}/metrics`)).status).toBe(404);
    } finally {
      await off.stop();
    }
    const token = 'metrics-token-0123456789';
    const guarded = await startTestServer({ LEADMAPS_METRICS_TOKEN: token });
    try {
      expect((await fetch(`${guarded.url}/metrics`)).status).toBe(401);
      expect(
        (await fetch(`${guarded.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status,
      ).toBe(401);
      const allowed = await fetch(`${guarded.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(allowed.status).toBe(200);
      expect(await allowed.text()).toContain('leadmaps_http_request_duration_seconds');
    } finally {
      await guarded.stop();
    }
  });
});

// Browsers on customers' sites reach every ingest endpoint (CORS for any origin, preflights
// answered and cached) and analytics-next's own endpoints (/v1/t … /v1/b, text/plain bodies,
// `writeKey` in the body, settings at load); GraphQL answers only the origins configured in
// LEADMAPS_CORS_ORIGINS, with credentials, and no other path of the server answers preflights.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  graphql,
  startTestServer,
  startTestServerWithProject,
  type TestServer,
  type TestServerWithProject,
} from '../support/test-server';

const siteOrigin = 'http://127.0.0.1:9';
const segmentShortPaths = ['/v1/t', '/v1/i', '/v1/p', '/v1/s', '/v1/g', '/v1/a', '/v1/b'];
const ingestPostPaths = [
  '/2/httpapi',
  '/batch',
  '/identify',
  '/groupidentify',
  '/v1/batch',
  '/v1/import',
  ...['track', 'identify', 'page', 'screen', 'group', 'alias'].map((type) => `/v1/${type}`),
  ...segmentShortPaths,
];
// Everything Amplitude Browser and analytics-next put on a request (http/cors.ts says which sends what).
const sdkRequestHeaders = 'content-type,content-encoding,authorization,accept,x-retry-count';

const preflight = (url: string, origin = siteOrigin, method = 'POST', headers = sdkRequestHeaders) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
  });

/** What analytics-next sends: JSON as text/plain, the write key in the body (and as Basic auth). */
const postText = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', origin: siteOrigin, ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: JSON.parse(text) };
};

describe('CORS on ingest and analytics-next endpoints', () => {
  let server: TestServer;
  let ingestKey: string;
  let projectId: number;
  let query: TestServerWithProject['query'];
  beforeAll(async () => {
    ({ server, ingestKey, projectId, query } = await startTestServerWithProject({ name: 'Browser SDKs' }));
  });
  afterAll(async () => server?.stop());

  it('answers the preflight of every ingest path with 204, any origin, POST, the SDK headers, cached a day', async () => {
    const paths = [...ingestPostPaths, `/v1/projects/${ingestKey}/settings`];
    for (const path of paths) {
      const response = await preflight(`${server.url}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status: 204 });
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-allow-methods')).toMatch(/\bPOST\b/);
      const allowed = response.headers
        .get('access-control-allow-headers')!
        .toLowerCase()
        .split(/\s*,\s*/);
      expect(allowed).toEqual(expect.arrayContaining(sdkRequestHeaders.split(',')));
      expect(response.headers.get('access-control-max-age')).toBe('86400');
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
    // A bare OPTIONS (no preflight headers) is answered too.
    expect((await fetch(`${server.url}/2/httpapi`, { method: 'OPTIONS' })).status).toBe(204);
  });

  it('puts Access-Control-Allow-Origin and the exposed Retry-After on every ingest answer, errors included', async () => {
    const answers = [
      await postText(`${server.url}/v1/t`, { writeKey: ingestKey, userId: 'cors-1', event: 'Seen' }),
      await postText(`${server.url}/v1/t`, { userId: 'cors-1', event: 'Seen' }),
      await postText(`${server.url}/2/httpapi`, { api_key: 'wrong', events: [] }),
      await postText(`${server.url}/batch`, { api_key: ingestKey }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 401, 400, 400]);
    const tooLarge = await fetch(`${server.url}/v1/b`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: siteOrigin },
      body: 'x'.repeat(22 * 1024 * 1024),
    });
    const malformed = await fetch(`${server.url}/v1/i`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: siteOrigin },
      body: '{"writeKey":',
    });
    expect([tooLarge.status, malformed.status]).toEqual([413, 400]);
    for (const headers of [...answers.map((answer) => answer.headers), tooLarge.headers, malformed.headers]) {
      expect(headers.get('access-control-allow-origin')).toBe('*');
      expect(headers.get('access-control-expose-headers')).toBe('Retry-After');
    }
  });

  it('stores analytics-next calls posted to /v1/t, /i, /g, /p, /s and /a as text/plain with writeKey in the body', async () => {
    const base = { writeKey: ingestKey, anonymousId: 'anon-next-1', timestamp: '2026-11-02T12:00:00.000Z' };
    const answers = await Promise.all([
      postText(`${server.url}/v1/i`, { ...base, type: 'identify', userId: 'next-1', traits: { plan: 'team' } }),
      postText(`${server.url}/v1/a`, { ...base, type: 'alias', userId: 'next-1', previousId: 'anon-next-1' }),
    ]);
    answers.push(
      await postText(`${server.url}/v1/g`, {
        ...base,
        type: 'group',
        userId: 'next-1',
        groupId: 'next-co',
        traits: { group_type: 'company', name: 'Next Co' },
      }),
    );
    for (const [path, message] of [
      ['/v1/t', { type: 'track', event: 'Report Created' }],
      ['/v1/p', { type: 'page', name: 'Pricing' }],
      ['/v1/s', { type: 'screen', name: 'Home' }],
    ] as const)
      answers.push(await postText(`${server.url}${path}`, { ...base, userId: 'next-1', ...message }));
    const stored = [200, { success: true, accepted: 1 }];
    const aliasAnswer = {
      success: true,
      accepted: 0,
      warnings: ['message 0: alias calls are accepted but do not merge people in leadmaps'],
    };
    expect(answers.map((answer) => [answer.status, answer.json])).toEqual([
      stored,
      [200, aliasAnswer],
      stored,
      stored,
      stored,
      stored,
    ]);

    const events = await query`
      SELECT e.event_type, g.value FROM event e JOIN app_user u ON u.project_id = e.project_id AND u.id = e.user_id
      LEFT JOIN event_group l ON l.project_id = e.project_id AND l.event_id = e.id
      LEFT JOIN "group" g ON g.project_id = l.project_id AND g.id = l.group_id
      WHERE e.project_id = ${projectId} AND u.user_id = 'next-1' ORDER BY e.event_type`;
    expect(events).toEqual([
      { event_type: 'Report Created', value: 'next-co' },
      { event_type: 'Viewed Home Screen', value: 'next-co' },
      { event_type: 'Viewed Pricing Page', value: 'next-co' },
    ]);
    const [person] =
      await query`SELECT properties FROM app_user WHERE project_id = ${projectId} AND user_id = 'next-1'`;
    expect(person.properties).toEqual({ plan: 'team' });
  });

  it('/v1/b is a batch: a bad message is refused alone inside a 200, the good one stored', async () => {
    const answer = await postText(`${server.url}/v1/b`, {
      writeKey: ingestKey,
      sentAt: '2026-11-02T12:00:01.000Z',
      batch: [
        { type: 'track', event: 'Batched', userId: 'next-2', timestamp: '2026-11-02T12:00:00.000Z' },
        { type: 'track', userId: 'next-2', timestamp: '2026-11-02T12:00:00.000Z' },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ success: true, accepted: 1, rejected: [{ index: 1 }] });
    expect(answer.json.rejected).toHaveLength(1);
    expect(
      await query`SELECT e.event_type FROM event e JOIN app_user u ON u.project_id = e.project_id AND u.id = e.user_id
        WHERE e.project_id = ${projectId} AND u.user_id = 'next-2'`,
    ).toEqual([{ event_type: 'Batched' }]);
  });

  it('takes the write key as Basic auth too, and answers 401 without one or with a wrong one', async () => {
    const message = { type: 'track', event: 'Keyed', userId: 'next-3' };
    const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });
    expect((await postText(`${server.url}/v1/t`, message, basic(ingestKey))).status).toBe(200);
    const missing = await postText(`${server.url}/v1/t`, message);
    expect([missing.status, missing.json.success]).toEqual([401, false]);
    expect((await postText(`${server.url}/v1/b`, { batch: [message] })).status).toBe(401);
    expect((await postText(`${server.url}/v1/b`, { writeKey: 'lm_ingest_wrong', batch: [message] })).status).toBe(401);
  });

  it('serves analytics-next its settings: the Segment.io destination pointed back at this server', async () => {
    const response = await fetch(`${server.url}/v1/projects/${ingestKey}/settings`, {
      headers: { origin: siteOrigin },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const { host } = new URL(server.url);
    expect(await response.json()).toMatchObject({
      integrations: { 'Segment.io': { apiKey: ingestKey, apiHost: `${host}/v1`, protocol: 'http' } },
      metrics: { sampleRate: 0 },
      remotePlugins: [],
    });
    const proxied = await fetch(`${server.url}/v1/projects/${ingestKey}/settings`, {
      headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'analytics.example.test' },
    });
    expect((await proxied.json()).integrations['Segment.io']).toMatchObject({
      apiHost: 'analytics.example.test/v1',
      protocol: 'https',
    });
    const unknown = await fetch(`${server.url}/v1/projects/lm_ingest_unknown/settings`);
    expect(unknown.status).toBe(404);
  });

  it('answers no preflight and adds no CORS header outside ingest (GraphQL unconfigured, sessions, health)', async () => {
    for (const path of ['/graphql', '/auth/session', '/healthz', '/nowhere']) {
      const response = await preflight(`${server.url}${path}`, siteOrigin, 'POST', 'content-type,authorization');
      expect({ path, allowOrigin: response.headers.get('access-control-allow-origin') }).toEqual({
        path,
        allowOrigin: null,
      });
      expect(response.status).not.toBe(204);
    }
    const answer = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: siteOrigin },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(
      (await fetch(`${server.url}/healthz`, { headers: { origin: siteOrigin } })).headers.get(
        'access-control-allow-origin',
      ),
    ).toBeNull();
  });
});

describe('CORS on GraphQL with LEADMAPS_CORS_ORIGINS', () => {
  const appOrigin = 'http://app.example.test:8080';
  let server: TestServer;
  let secretKey: string;
  beforeAll(async () => {
    server = await startTestServer({ LEADMAPS_CORS_ORIGINS: `${appOrigin}, https://other.example.test` });
    ({ secretKey } = await server.services.projects.createProject({ name: 'GraphQL from a browser' }));
  });
  afterAll(async () => server?.stop());

  const post = (origin: string) =>
    fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secretKey}`, origin },
      body: JSON.stringify({ query: '{ project { name } }' }),
    });

  it('lets a configured origin preflight and read answers, with credentials', async () => {
    const response = await preflight(`${server.url}/graphql`, appOrigin, 'POST', 'content-type,authorization');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(appOrigin);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(response.headers.get('vary')).toMatch(/Origin/);

    const answer = await post(appOrigin);
    expect(answer.headers.get('access-control-allow-origin')).toBe(appOrigin);
    expect(answer.headers.get('access-control-allow-credentials')).toBe('true');
    expect((await answer.json()).data).toEqual({ project: { name: 'GraphQL from a browser' } });
  });

  it('gives any other origin no Access-Control-Allow-Origin, neither on the preflight nor on the answer', async () => {
    for (const origin of ['http://evil.example.test', 'http://app.example.test', 'http://app.example.test:8081']) {
      const response = await preflight(`${server.url}/graphql`, origin, 'POST', 'content-type,authorization');
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
      const answer = await post(origin);
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    }
    // Ingest still answers every origin.
    expect(
      (await preflight(`${server.url}/2/httpapi`, 'http://evil.example.test')).headers.get(
        'access-control-allow-origin',
      ),
    ).toBe('*');
    // Server-to-server calls (no Origin) are unaffected.
    expect((await graphql(server, secretKey, '{ project { name } }')).data).toEqual({
      project: { name: 'GraphQL from a browser' },
    });
  });
});

// Run as its own process by log-redaction.test.ts: the real server with production's logger at
// `trace` writing to stdout, and real requests that carry every kind of secret (API keys in
// headers and bodies, the session cookie, Salesforce credentials and tokens through a failing
// sync run). At the end it writes the secrets it used as one JSON line to stderr, so the parent
// can look for them in stdout without this process ever logging them itself.
import { loadConfig } from '../../apps/api/src/config/config';
import { registerWebRoutes } from '../../apps/api/src/http/web-routes';
import { createLogger } from '../../apps/api/src/lib/logger';
import { startServer } from '../../apps/api/src/server';
import { startFakeSalesforce } from './fake-salesforce';

const salesforceSecrets = {
  refreshToken: 'sf-refresh-token-LEAK-1',
  clientSecret: 'sf-client-secret-LEAK-2',
  accessToken: 'sf-access-token-LEAK-3',
};
const salesforce = await startFakeSalesforce({
  clientId: 'client-1',
  clientSecret: salesforceSecrets.clientSecret,
  refreshToken: salesforceSecrets.refreshToken,
});
salesforce.addRecords('Account', [{ Id: '001Dn00000aBc01IAC', Name: 'Account 1' }]);

const config = loadConfig({
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  PORT: '0',
  DATABASE_URL: process.env.LOGGED_REQUESTS_DATABASE_URL!,
  LEADMAPS_DEMO_DATA: 'false',
  LEADMAPS_SCHEDULER: 'false',
  LEADMAPS_WEB: 'false',
  LEADMAPS_ENCRYPTION_KEY: 'logged-requests-encryption-key-0123456789',
});
const logger = createLogger('trace');
const server = await startServer(config, { logger, registerExtraRoutes: registerWebRoutes });
server.services.salesforceSync.tune({
  sleep: async () => {},
  retryPolicy: { maximumAttempts: 2, initialDelayMilliseconds: 1, maximumDelayMilliseconds: 1 },
});
const { project, secretKey, readKey } = await server.services.projects.createProject({ name: 'Logged' });
await server.services.ingest.ingestAmplitudeEvents(project, [
  { event_type: 'Signed In', user_id: 'ada@example.com', time: Date.now(), groups: { company: '001Dn00000aBc01IAC' } },
]);

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const graphql = async (query: string, headers: Record<string, string>, variables: Record<string, unknown> = {}) => {
  const response = await post('/graphql', { query, variables }, headers);
  if (process.env.LOGGED_REQUESTS_DEBUG) process.stderr.write(`${await response.text()}\n`);
};

const session = await post('/auth/session', { key: readKey });
const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0]!;
await post('/auth/session', { key: `${secretKey}-wrong` });
await post('/2/httpapi', {
  api_key: project.ingestKey,
  events: [
    {
      event_type: 'Signed In',
      user_id: 'ada@example.com',
      time: Date.now(),
      groups: { company: '001Dn00000aBc01IAC' },
    },
  ],
});
await post('/2/httpapi', `{"api_key": "${project.ingestKey}", "events": [`);
const basic = `Basic ${Buffer.from(`${project.ingestKey}:`).toString('base64')}`;
await post(
  '/v1/track',
  { event: 'Signed In', userId: 'ada@example.com', writeKey: project.ingestKey },
  { authorization: basic },
);
await post('/v1/track', '{"broken', { authorization: basic });
await graphql('{ project { name } }', { cookie });
await graphql('{ project { name } }', { authorization: `Bearer ${secretKey}`, cookie });
await graphql('{ project { nope } }', { authorization: `Bearer ${secretKey}` });
await graphql('{ project { name } }', { authorization: 'Bearer lm_secret_not-a-real-key' });
await graphql(
  'mutation Save($input: SalesforceSyncInput!) { saveSalesforceSync(input: $input) { activatedOn } }',
  { authorization: `Bearer ${secretKey}` },
  {
    input: {
      instanceUrl: salesforce.url,
      authFlow: 'REFRESH_TOKEN',
      clientId: 'client-1',
      groupType: 'company',
      nameField: 'Name',
      credentials: { refreshToken: salesforceSecrets.refreshToken, clientSecret: salesforceSecrets.clientSecret },
    },
  },
);
// A run that refreshes its token, then meets server errors: retries and the failure are logged.
salesforce.failNext(
  { status: 503, body: [{ errorCode: 'SERVER_UNAVAILABLE', message: 'Server temporarily unavailable' }] },
  { status: 503, body: 'Service Unavailable' },
);
await graphql('mutation { runSalesforceSync(wait: true) { status } }', { authorization: `Bearer ${secretKey}` });
// The token endpoint refusing the login is logged too.
salesforce.validRefreshTokens.clear();
await graphql('mutation { runSalesforceSync(wait: true) { status } }', { authorization: `Bearer ${secretKey}` });

// Objects shaped like what the server might log about a request, through the same logger.
logger.info(
  { req: { headers: { authorization: `Bearer ${secretKey}`, cookie } }, res: { headers: { 'set-cookie': cookie } } },
  'request probe',
);
logger.info(
  { headers: { authorization: basic, cookie }, body: { api_key: project.ingestKey, writeKey: project.ingestKey } },
  'headers probe',
);
logger.info({ credentials: salesforceSecrets }, 'credentials probe');

const issuedTokens = salesforce.tokenRequests
  .filter((request) => request.status === 200)
  .map((_, index) => `issued-token-${index + 1}`);
await server.close();
await salesforce.stop();
process.stderr.write(
  `${JSON.stringify({ secrets: { secretKey, readKey, ingestKey: project.ingestKey, basic, cookieValue: cookie.split('=')[1], ...salesforceSecrets }, issuedTokens })}\n`,
);
// pino writes asynchronously: let it flush before exiting.
logger.flush();
setTimeout(() => process.exit(0), 200);

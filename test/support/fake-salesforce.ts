// A small Salesforce on 127.0.0.1 that speaks enough of the REST protocol for jsforce: the OAuth
// token endpoint (refresh-token and client-credentials grants), `/services/data/vXX.X/query` with
// `nextRecordsUrl` pagination, and errors in Salesforce's JSON format. Tests add records, expire
// tokens and queue failures, then read what was asked of it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseMatchQuery } from './fake-salesforce-soql';

export type FakeRecord = Record<string, unknown> & { Id: string };

export interface FakeFailure {
  status: number;
  /** Salesforce-format error list; a plain string is sent as text. */
  body?: Array<{ errorCode: string; message: string }> | string;
  /** Wait this long before answering (to trigger client timeouts). */
  delayMilliseconds?: number;
}

export interface QueryRequest {
  soql: string | null;
  locator: string | null;
  authorization: string | undefined;
  apiVersion: string;
  status: number;
}

export interface TokenRequest {
  grantType: string;
  clientId: string | undefined;
  status: number;
}

export interface FakeSalesforceOptions {
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
  /** Records per page before `nextRecordsUrl` is used (Salesforce's default is 2,000). */
  pageSize?: number;
}

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
  response.end(JSON.stringify(body));
};

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function selectFields(record: FakeRecord, objectName: string, fields: string[]): Record<string, unknown> {
  const result: Record<string, unknown> = { attributes: { type: objectName, url: `/services/data/v62.0/sobjects/${objectName}/${record.Id}` } };
  for (const field of fields) {
    const [head, ...rest] = field.split('.');
    if (!rest.length) {
      result[head!] = record[head!] ?? null;
      continue;
    }
    const related = record[head!] as Record<string, unknown> | null | undefined;
    if (!related) {
      result[head!] = null;
      continue;
    }
    const existing = (result[head!] as Record<string, unknown> | undefined) ?? { attributes: { type: head, url: `/services/data/v62.0/sobjects/${head}/x` } };
    existing[rest.join('.')] = related[rest.join('.')] ?? null;
    result[head!] = existing;
  }
  return result;
}

export class FakeSalesforce {
  readonly records = new Map<string, FakeRecord[]>();
  readonly queries: QueryRequest[] = [];
  readonly tokenRequests: TokenRequest[] = [];
  readonly validTokens = new Set<string>(['initial-access-token']);
  private readonly failures: FakeFailure[] = [];
  private successesBeforeFailures = 0;
  private queriesBeforeExpiry: number | null = null;
  private nextDelay = 0;
  private readonly cursors = new Map<string, Record<string, unknown>[]>();
  private issued = 0;
  private server = createServer((request, response) => {
    this.handle(request, response).catch((error) => json(response, 500, [{ errorCode: 'UNKNOWN_EXCEPTION', message: String(error) }]));
  });
  url = '';

  constructor(readonly options: FakeSalesforceOptions = {}) {}

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  addRecords(objectName: string, records: FakeRecord[]): void {
    this.records.set(objectName, [...(this.records.get(objectName) ?? []), ...records]);
  }

  /** Every issued token stops working: the next query gets 401 INVALID_SESSION_ID. */
  expireTokens(): void {
    this.validTokens.clear();
  }

  /** The next query requests (first page or next page) get these answers, in order. */
  failNext(...failures: FakeFailure[]): void {
    this.failures.push(...failures);
  }

  /** Issued tokens stop working after this many more query requests (a session expiring mid-run). */
  expireTokensAfter(queries: number): void {
    this.queriesBeforeExpiry = queries;
  }

  /** The next query request is answered normally, but only after this long. */
  delayNext(milliseconds: number): void {
    this.nextDelay = milliseconds;
  }

  /** Like failNext, after `successes` query requests have been answered normally. */
  failAfter(successes: number, ...failures: FakeFailure[]): void {
    this.successesBeforeFailures = successes;
    this.failures.push(...failures);
  }

  reset(): void {
    this.queries.length = 0;
    this.tokenRequests.length = 0;
    this.failures.length = 0;
    this.successesBeforeFailures = 0;
    this.queriesBeforeExpiry = null;
    this.nextDelay = 0;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    if (request.method === 'POST' && url.pathname === '/services/oauth2/token') return this.token(new URLSearchParams(await readBody(request)), response);
    const query = /^\/services\/data\/v(\d+\.\d)\/query(?:\/([\w-]+))?\/?$/.exec(url.pathname);
    if (request.method === 'GET' && query) return this.query(request, url, query[1]!, query[2] ?? null, response);
    json(response, 404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
  }

  private token(form: URLSearchParams, response: ServerResponse): void {
    const grantType = form.get('grant_type') ?? '';
    const clientId = form.get('client_id') ?? undefined;
    const record = (status: number) => this.tokenRequests.push({ grantType, clientId, status });
    const expected = this.options;
    const clientOk = clientId === expected.clientId && (expected.clientSecret === undefined || form.get('client_secret') === expected.clientSecret);
    if (!clientOk) {
      record(400);
      return json(response, 400, { error: 'invalid_client', error_description: 'invalid client credentials' });
    }
    if (grantType === 'refresh_token' && form.get('refresh_token') !== expected.refreshToken) {
      record(400);
      return json(response, 400, { error: 'invalid_grant', error_description: 'expired access/refresh token' });
    }
    if (grantType !== 'refresh_token' && grantType !== 'client_credentials') {
      record(400);
      return json(response, 400, { error: 'unsupported_grant_type', error_description: 'grant type not supported' });
    }
    record(200);
    this.issued += 1;
    const accessToken = `issued-token-${this.issued}`;
    this.validTokens.add(accessToken);
    json(response, 200, {
      access_token: accessToken,
      instance_url: this.url,
      id: `${this.url}/id/00D000000000001AAA/005000000000001AAA`,
      token_type: 'Bearer',
      issued_at: String(Date.now()),
      signature: 'fake-signature',
      scope: 'api refresh_token',
    });
  }

  private async query(request: IncomingMessage, url: URL, apiVersion: string, locator: string | null, response: ServerResponse): Promise<void> {
    const authorization = request.headers.authorization;
    const soql = locator ? null : url.searchParams.get('q');
    const log = (status: number) => this.queries.push({ soql, locator, authorization, apiVersion, status });
    if (this.nextDelay) {
      const delay = this.nextDelay;
      this.nextDelay = 0;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    if (this.queriesBeforeExpiry !== null && this.queriesBeforeExpiry-- <= 0) {
      this.queriesBeforeExpiry = null;
      this.expireTokens();
    }
    const failure = this.successesBeforeFailures > 0 ? undefined : this.failures.shift();
    if (this.successesBeforeFailures > 0) this.successesBeforeFailures -= 1;
    if (failure) {
      if (failure.delayMilliseconds) await new Promise((resolve) => setTimeout(resolve, failure.delayMilliseconds));
      log(failure.status);
      if (response.destroyed) return;
      if (typeof failure.body === 'string' || failure.body === undefined) {
        response.writeHead(failure.status, { 'content-type': 'text/plain' });
        response.end(failure.body ?? '');
        return;
      }
      return json(response, failure.status, failure.body);
    }
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    if (!token || !this.validTokens.has(token)) {
      log(401);
      return json(response, 401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
    }
    let rows: Record<string, unknown>[];
    if (locator) {
      const pending = this.cursors.get(locator.split('-')[0]!);
      if (!pending) {
        log(400);
        return json(response, 400, [{ errorCode: 'INVALID_QUERY_LOCATOR', message: 'invalid query locator' }]);
      }
      rows = pending;
    } else {
      const parsed = parseMatchQuery(soql ?? '');
      if ('error' in parsed) {
        log(400);
        return json(response, 400, [{ errorCode: 'MALFORMED_QUERY', message: parsed.error }]);
      }
      if (parsed.matchField === 'Id') {
        const invalid = parsed.values.find((value) => !/^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/.test(value));
        if (invalid !== undefined) {
          log(400);
          return json(response, 400, [{ errorCode: 'INVALID_QUERY_FILTER_OPERATOR', message: `invalid ID field: ${invalid}` }]);
        }
      }
      const wanted = new Set(parsed.values.map((value) => (parsed.matchField === 'Id' ? value.slice(0, 15) : value.toLowerCase())));
      rows = (this.records.get(parsed.objectName) ?? [])
        .filter((record) => {
          const value = record[parsed.matchField];
          if (value === undefined || value === null) return false;
          return wanted.has(parsed.matchField === 'Id' ? String(value).slice(0, 15) : String(value).toLowerCase());
        })
        .map((record) => selectFields(record, parsed.objectName, parsed.fields));
    }
    const pageSize = this.options.pageSize ?? 2000;
    const page = rows.slice(0, pageSize);
    const rest = rows.slice(pageSize);
    const body: Record<string, unknown> = { totalSize: rows.length, done: rest.length === 0, records: page };
    if (rest.length) {
      const cursor = `01gFAKE${this.cursors.size + 1}`;
      this.cursors.set(cursor, rest);
      body.nextRecordsUrl = `/services/data/v${apiVersion}/query/${cursor}-${pageSize}`;
    }
    log(200);
    json(response, 200, body);
  }
}

export async function startFakeSalesforce(options: FakeSalesforceOptions = {}): Promise<FakeSalesforce> {
  return new FakeSalesforce(options).start();
}

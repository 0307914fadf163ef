// A small Salesforce on 127.0.0.1 that follows the documented REST API closely enough for jsforce,
// written from Salesforce's documentation and never from leadmaps' own rules: the OAuth token
// endpoint (refresh-token and client-credentials grants, optional refresh-token rotation),
// `/services/data/` and its versions, `/query` with `nextRecordsUrl` pagination, `describe`, and
// errors in Salesforce's JSON format (INVALID_FIELD, INVALID_TYPE, invalid ids, 414 past 16,384
// characters of URL). Tests add records, expire tokens and queue failures on any endpoint, then
// read what was asked of it.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { canonicalRecordId, eighteenCharacterId } from './fake-salesforce-ids';
import { parseMatchQuery } from './fake-salesforce-soql';
import {
  describeObject,
  emptyObjectSchema,
  learnFields,
  resolveFieldPath,
  standardObjects,
  unknownObject,
  defineFields,
  type ObjectSchema,
} from './fake-salesforce-schema';

export type FakeRecord = Record<string, unknown> & { Id: string };
export type FakeEndpoint = 'token' | 'query' | 'describe';

export interface FakeFailure {
  /** The HTTP status (500 when not given; unused when hanging). */
  status?: number;
  /** A JSON body (Salesforce's error list, or an OAuth error object); a plain string is sent as text. */
  body?: unknown;
  /** Wait this long before answering (to trigger client timeouts). */
  delayMilliseconds?: number;
  /** Never answer: the connection stays open until the client gives up or the fake stops. */
  hang?: boolean;
}

export interface QueryRequest {
  soql: string | null;
  locator: string | null;
  authorization: string | undefined;
  apiVersion: string;
  /** 0 while a hanging answer is pending. */
  status: number;
}

export interface TokenRequest {
  grantType: string;
  clientId: string | undefined;
  /** The refresh token presented (refresh-token grant only). */
  refreshToken?: string;
  /** 0 for a request left hanging. */
  status: number;
}

export interface FakeSalesforceOptions {
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
  /** Records per page before `nextRecordsUrl` is used (Salesforce's default is 2,000). */
  pageSize?: number;
  /** Refresh-token rotation: each refresh answers a new refresh token and the presented one dies. */
  rotateRefreshTokens?: boolean;
  /** The org's newest API version (Spring '26 is 66.0). */
  latestApiVersion?: number;
}

// Versions up to 30.0 are retired (Summer '25): REST answers 410 GONE. Later ones exist up to the
// org's newest release; anything else (99.0, 62.5) is a resource that does not exist.
const oldestApiVersion = 31;
// The documented limit on a REST request's URI (and on URI plus headers, answered with 431).
const maximumUriBytes = 16_384;

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
  response.end(JSON.stringify(body));
};

const salesforceError = (errorCode: string, message: string) => [{ message, errorCode }];

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

function readPath(record: Record<string, unknown>, path: string[]): unknown {
  let current: unknown = record;
  for (const part of path) {
    if (typeof current !== 'object' || current === null) return null;
    const entry = Object.entries(current).find(([key]) => key.toLowerCase() === part.toLowerCase());
    current = entry?.[1];
  }
  return current ?? null;
}

class FailureQueue {
  readonly failures: FakeFailure[] = [];
  successesBefore = 0;
  take(): FakeFailure | undefined {
    if (this.successesBefore > 0) {
      this.successesBefore -= 1;
      return undefined;
    }
    return this.failures.shift();
  }
  clear(): void {
    this.failures.length = 0;
    this.successesBefore = 0;
  }
}

export class FakeSalesforce {
  readonly records = new Map<string, FakeRecord[]>();
  readonly queries: QueryRequest[] = [];
  readonly tokenRequests: TokenRequest[] = [];
  readonly describeRequests: string[] = [];
  readonly validTokens = new Set<string>(['initial-access-token']);
  /** Refresh tokens the org accepts; rotation replaces the one presented. */
  readonly validRefreshTokens = new Set<string>();
  private readonly objects = standardObjects();
  private readonly queues: Record<FakeEndpoint, FailureQueue> = {
    token: new FailureQueue(),
    query: new FailureQueue(),
    describe: new FailureQueue(),
  };
  private queriesBeforeExpiry: number | null = null;
  private nextDelay = 0;
  private nextHold: Promise<void> | null = null;
  private readonly cursors = new Map<string, Record<string, unknown>[]>();
  private issued = 0;
  private rotations = 0;
  private server = createServer({ maxHeaderSize: 64 * 1024 }, (request, response) => {
    this.handle(request, response).catch((error) =>
      json(response, 500, salesforceError('UNKNOWN_EXCEPTION', String(error))),
    );
  });
  url = '';

  constructor(readonly options: FakeSalesforceOptions = {}) {
    if (options.refreshToken) this.validRefreshTokens.add(options.refreshToken);
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get latestApiVersion(): number {
    return this.options.latestApiVersion ?? 66;
  }

  /** Adds records; their keys become fields of the object (nested objects are relationships). */
  addRecords(objectName: string, records: FakeRecord[]): void {
    const schema = this.objectSchema(objectName);
    for (const record of records) {
      if (canonicalRecordId(record.Id) === null) throw new RangeError(`Test data: ${record.Id} is not a Salesforce id`);
      learnFields(schema, record);
    }
    this.records.set(schema.name, [...(this.records.get(schema.name) ?? []), ...records]);
  }

  /** Declares fields (paths such as Owner.Name) that exist on an object though no record holds them. */
  defineFields(objectName: string, paths: string[]): void {
    defineFields(this.objectSchema(objectName), paths);
  }

  /** Every issued token stops working: the next query gets 401 INVALID_SESSION_ID. */
  expireTokens(): void {
    this.validTokens.clear();
  }

  /** The next query requests (first page or next page) get these answers, in order. */
  failNext(...failures: FakeFailure[]): void {
    this.failNextOn('query', ...failures);
  }

  /** The next requests to an endpoint get these answers, in order. */
  failNextOn(endpoint: FakeEndpoint, ...failures: FakeFailure[]): void {
    this.queues[endpoint].failures.push(...failures);
  }

  /** Issued tokens stop working after this many more query requests (a session expiring mid-run). */
  expireTokensAfter(queries: number): void {
    this.queriesBeforeExpiry = queries;
  }

  /** The next query request is answered normally, but only after this long. */
  delayNext(milliseconds: number): void {
    this.nextDelay = milliseconds;
  }

  /**
   * The next query request is answered normally once the returned function is called: a test that
   * needs a run still going at some point holds it there instead of guessing a delay.
   */
  holdNext(): () => void {
    let release!: () => void;
    this.nextHold = new Promise<void>((resolve) => {
      release = resolve;
    });
    return release;
  }

  /** Like failNext, after `successes` query requests have been answered normally. */
  failAfter(successes: number, ...failures: FakeFailure[]): void {
    this.failAfterOn('query', successes, ...failures);
  }

  failAfterOn(endpoint: FakeEndpoint, successes: number, ...failures: FakeFailure[]): void {
    this.queues[endpoint].successesBefore = successes;
    this.queues[endpoint].failures.push(...failures);
  }

  /** Forgets requests and queued failures; records, tokens and refresh tokens stay as they are. */
  reset(): void {
    this.queries.length = 0;
    this.tokenRequests.length = 0;
    this.describeRequests.length = 0;
    for (const queue of Object.values(this.queues)) queue.clear();
    this.queriesBeforeExpiry = null;
    this.nextDelay = 0;
    this.nextHold = null;
  }

  private objectSchema(objectName: string): ObjectSchema {
    let schema = this.objects.get(objectName.toLowerCase());
    if (!schema) {
      schema = emptyObjectSchema(objectName);
      this.objects.set(objectName.toLowerCase(), schema);
    }
    return schema;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const rawUrl = request.url ?? '/';
    const headerBytes = request.rawHeaders.reduce((total, part) => total + Buffer.byteLength(part) + 2, 0);
    if (Buffer.byteLength(rawUrl) > maximumUriBytes) return this.plain(response, 414, 'URI Too Long');
    if (Buffer.byteLength(rawUrl) + headerBytes > maximumUriBytes)
      return this.plain(response, 431, 'Request Header Fields Too Large');
    const url = new URL(rawUrl, this.url);
    if (request.method === 'POST' && url.pathname === '/services/oauth2/token')
      return this.token(new URLSearchParams(await readBody(request)), response);
    if (request.method === 'GET' && /^\/services\/data\/?$/.test(url.pathname))
      return json(response, 200, this.versions());
    const versioned = /^\/services\/data\/v(\d+\.\d+)(\/.*)$/.exec(url.pathname);
    if (!versioned) return json(response, 404, salesforceError('NOT_FOUND', 'The requested resource does not exist'));
    const [, apiVersion, rest] = versioned as unknown as [string, string, string];
    const major = Number(apiVersion);
    if (Number.isInteger(major) && major < oldestApiVersion)
      return json(response, 410, salesforceError('GONE', `API version ${apiVersion} is retired`));
    if (!Number.isInteger(major) || major > this.latestApiVersion)
      return json(response, 404, salesforceError('NOT_FOUND', 'The requested resource does not exist'));
    const query = /^\/query(?:\/([\w-]+))?\/?$/.exec(rest);
    if (request.method === 'GET' && query) return this.query(request, url, apiVersion, query[1] ?? null, response);
    const describe = /^\/sobjects\/(\w+)\/describe\/?$/.exec(rest);
    if (request.method === 'GET' && describe) return this.describe(request, describe[1]!, response);
    json(response, 404, salesforceError('NOT_FOUND', 'The requested resource does not exist'));
  }

  private plain(response: ServerResponse, status: number, text: string): void {
    response.writeHead(status, { 'content-type': 'text/html' });
    response.end(text);
  }

  private versions() {
    return Array.from({ length: this.latestApiVersion - oldestApiVersion + 1 }, (_, index) => {
      const version = `${oldestApiVersion + index}.0`;
      return { label: `Release ${version}`, url: `/services/data/v${version}`, version };
    });
  }

  /** Answers with a queued failure when there is one; true when it did (or left the request hanging). */
  private async injectedFailure(
    endpoint: FakeEndpoint,
    response: ServerResponse,
    log: (status: number) => void,
  ): Promise<boolean> {
    const failure = this.queues[endpoint].take();
    if (!failure) return false;
    if (failure.hang) {
      log(0);
      return true;
    }
    if (failure.delayMilliseconds) await sleep(failure.delayMilliseconds);
    const status = failure.status ?? 500;
    log(status);
    if (response.destroyed) return true;
    if (typeof failure.body === 'string' || failure.body === undefined)
      this.plain(response, status, (failure.body as string | undefined) ?? '');
    else json(response, status, failure.body);
    return true;
  }

  private async token(form: URLSearchParams, response: ServerResponse): Promise<void> {
    const grantType = form.get('grant_type') ?? '';
    const clientId = form.get('client_id') ?? undefined;
    const presented = form.get('refresh_token') ?? undefined;
    const record = (status: number) =>
      this.tokenRequests.push({
        grantType,
        clientId,
        ...(grantType === 'refresh_token' ? { refreshToken: presented } : {}),
        status,
      });
    if (await this.injectedFailure('token', response, record)) return;
    const expected = this.options;
    const clientOk =
      clientId === expected.clientId &&
      (expected.clientSecret === undefined || form.get('client_secret') === expected.clientSecret);
    if (!clientOk) {
      record(400);
      return json(response, 400, { error: 'invalid_client', error_description: 'invalid client credentials' });
    }
    if (grantType !== 'refresh_token' && grantType !== 'client_credentials') {
      record(400);
      return json(response, 400, { error: 'unsupported_grant_type', error_description: 'grant type not supported' });
    }
    if (grantType === 'refresh_token' && (presented === undefined || !this.validRefreshTokens.has(presented))) {
      record(400);
      return json(response, 400, { error: 'invalid_grant', error_description: 'expired access/refresh token' });
    }
    this.issued += 1;
    const body: Record<string, unknown> = {
      access_token: `issued-token-${this.issued}`,
      instance_url: this.url,
      id: `${this.url}/id/00D000000000001AAA/005000000000001AAA`,
      token_type: 'Bearer',
      issued_at: String(Date.now()),
      signature: 'fake-signature',
      scope: 'api refresh_token',
    };
    if (grantType === 'refresh_token' && this.options.rotateRefreshTokens) {
      this.validRefreshTokens.delete(presented!);
      this.rotations += 1;
      const rotated = `rotated-refresh-token-${this.rotations}`;
      this.validRefreshTokens.add(rotated);
      body.refresh_token = rotated;
    }
    record(200);
    this.validTokens.add(body.access_token as string);
    json(response, 200, body);
  }

  private authorized(request: IncomingMessage): boolean {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    return token !== undefined && this.validTokens.has(token);
  }

  private async describe(request: IncomingMessage, objectName: string, response: ServerResponse): Promise<void> {
    if (await this.injectedFailure('describe', response, () => this.describeRequests.push(objectName))) return;
    this.describeRequests.push(objectName);
    if (!this.authorized(request))
      return json(response, 401, salesforceError('INVALID_SESSION_ID', 'Session expired or invalid'));
    const schema = this.objects.get(objectName.toLowerCase());
    if (!schema) return json(response, 404, salesforceError('NOT_FOUND', `The requested resource does not exist`));
    json(response, 200, describeObject(schema));
  }

  private async query(
    request: IncomingMessage,
    url: URL,
    apiVersion: string,
    locator: string | null,
    response: ServerResponse,
  ): Promise<void> {
    const authorization = request.headers.authorization;
    const soql = locator ? null : url.searchParams.get('q');
    const entry: QueryRequest = { soql, locator, authorization, apiVersion, status: 0 };
    this.queries.push(entry);
    const log = (status: number) => {
      entry.status = status;
    };
    if (this.nextDelay) {
      const delay = this.nextDelay;
      this.nextDelay = 0;
      await sleep(delay);
    }
    if (this.nextHold) {
      const hold = this.nextHold;
      this.nextHold = null;
      await hold;
    }
    if (this.queriesBeforeExpiry !== null && this.queriesBeforeExpiry-- <= 0) {
      this.queriesBeforeExpiry = null;
      this.expireTokens();
    }
    if (await this.injectedFailure('query', response, log)) return;
    const fail = (status: number, errorCode: string, message: string) => {
      log(status);
      json(response, status, salesforceError(errorCode, message));
    };
    if (!this.authorized(request)) return fail(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    let rows: Record<string, unknown>[];
    if (locator) {
      const pending = this.cursors.get(locator.split('-')[0]!);
      if (!pending) return fail(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
      rows = pending;
    } else {
      const selected = this.select(soql ?? '', apiVersion);
      if ('errorCode' in selected) return fail(400, selected.errorCode, selected.message);
      rows = selected.rows;
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

  /** Runs `SELECT … FROM … WHERE field IN (…)` the way Salesforce does, or names its error. */
  private select(
    soql: string,
    apiVersion: string,
  ): { rows: Record<string, unknown>[] } | { errorCode: string; message: string } {
    const parsed = parseMatchQuery(soql);
    if ('error' in parsed) return { errorCode: 'MALFORMED_QUERY', message: parsed.error };
    const schema = this.objects.get(parsed.objectName.toLowerCase());
    if (!schema) return unknownObject(parsed.objectName);
    const paths: string[][] = [];
    for (const field of parsed.fields) {
      const resolved = resolveFieldPath(schema, field);
      if (!Array.isArray(resolved)) return resolved;
      paths.push(resolved);
    }
    const matchPath = resolveFieldPath(schema, parsed.matchField);
    if (!Array.isArray(matchPath)) return matchPath;
    const byId = matchPath.length === 1 && matchPath[0] === 'Id';
    const wanted = new Set<string>();
    for (const value of parsed.values) {
      if (!byId) {
        // String comparisons in SOQL ignore case.
        wanted.add(value.toLowerCase());
        continue;
      }
      const id = canonicalRecordId(value);
      if (id === null) return { errorCode: 'INVALID_QUERY_FILTER_OPERATOR', message: `invalid ID field: ${value}` };
      wanted.add(id);
    }
    const rows = (this.records.get(schema.name) ?? [])
      .filter((record) => {
        const value = readPath(record, matchPath);
        if (value === null || typeof value === 'object') return false;
        return wanted.has(byId ? canonicalRecordId(String(value))! : String(value).toLowerCase());
      })
      .map((record) => this.shapeRecord(record, schema, paths, apiVersion));
    return { rows };
  }

  /** A record as the REST API returns it: the selected fields in Salesforce's spelling, 18-character ids. */
  private shapeRecord(
    record: FakeRecord,
    schema: ObjectSchema,
    paths: string[][],
    apiVersion: string,
  ): Record<string, unknown> {
    const id = eighteenCharacterId(record.Id);
    const result: Record<string, unknown> = {
      attributes: { type: schema.name, url: `/services/data/v${apiVersion}/sobjects/${schema.name}/${id}` },
    };
    for (const path of paths) {
      if (path.length === 1) {
        result[path[0]!] = path[0] === 'Id' ? id : readPath(record, path);
        continue;
      }
      let target = result;
      let source: unknown = record;
      for (const [index, part] of path.entries()) {
        source = readPath(source as Record<string, unknown>, [part]);
        if (index === path.length - 1) {
          target[part] = source;
          break;
        }
        if (source === null) {
          target[part] = null;
          break;
        }
        target[part] ??= { attributes: { type: part } };
        target = target[part] as Record<string, unknown>;
      }
    }
    return result;
  }
}

export async function startFakeSalesforce(options: FakeSalesforceOptions = {}): Promise<FakeSalesforce> {
  return new FakeSalesforce(options).start();
}

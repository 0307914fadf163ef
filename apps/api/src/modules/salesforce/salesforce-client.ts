// The one seam between the sync and Salesforce: a client that runs a SOQL query and returns
// every record, following `nextRecordsUrl`. jsforce speaks the protocol and refreshes expired
// tokens; this module adds the retry policy and a timeout to every request (token requests
// included), and a bound on token refreshes.
import { Connection, OAuth2 } from 'jsforce';
import {
  defaultRetryPolicy,
  realSleep,
  SalesforceTimeoutError,
  SalesforceTokenRequestError,
  withRetries,
  type RetryPolicy,
  type Sleep,
} from './salesforce-retry';

export type SalesforceAuthFlow = 'access_token' | 'refresh_token' | 'client_credentials';

/** Secrets: stored encrypted, held in memory only while a run needs them. */
export interface SalesforceCredentials {
  accessToken?: string;
  refreshToken?: string;
  clientSecret?: string;
}

export interface SalesforceConnectionSettings {
  instanceUrl: string;
  /** Where the OAuth token endpoint lives; the instance (My Domain) URL when null. */
  loginUrl: string | null;
  apiVersion: string;
  authFlow: SalesforceAuthFlow;
  clientId: string | null;
  credentials: SalesforceCredentials;
}

export type SalesforceRecord = Record<string, unknown>;

/** One field of an object's describe result: the parts the settings page checks mappings against. */
export interface SalesforceFieldDescription {
  name: string;
  label: string;
  type: string;
  /** For lookups (OwnerId): the name paths go through (Owner.Name). */
  relationshipName: string | null;
}

export interface SalesforceObjectDescription {
  name: string;
  fields: SalesforceFieldDescription[];
}

export interface SalesforceClient {
  query(soql: string): Promise<SalesforceRecord[]>;
  /** The object's fields (`GET /sobjects/{object}/describe`). */
  describe(objectName: string): Promise<SalesforceObjectDescription>;
}

export interface SalesforceClientOptions {
  retryPolicy: RetryPolicy;
  sleep: Sleep;
  requestTimeoutMilliseconds: number;
  /** A token that is refused right after being issued would otherwise refresh forever. */
  maximumTokenRefreshes: number;
  onRetry?: (error: unknown, attempt: number, delayMilliseconds: number) => void;
  /**
   * Salesforce answered a new refresh token (refresh-token rotation): the one in the settings no
   * longer works, so the caller should store this one. The client itself uses it from now on.
   */
  onRefreshTokenRotated?: (refreshToken: string) => void | Promise<void>;
}

export type SalesforceClientFactory = (
  settings: SalesforceConnectionSettings,
  options?: Partial<SalesforceClientOptions>,
) => SalesforceClient;

export const defaultClientOptions: SalesforceClientOptions = {
  retryPolicy: defaultRetryPolicy,
  sleep: realSleep,
  requestTimeoutMilliseconds: 120_000,
  maximumTokenRefreshes: 3,
};

interface QueryPage {
  totalSize: number;
  done: boolean;
  records: SalesforceRecord[];
  nextRecordsUrl?: string;
}

// Far more pages than an IN list of a few hundred values can produce: a guard against a loop.
const maximumPagesPerQuery = 1_000;

export class SalesforceConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SalesforceConfigurationError';
  }
}

type TokenTransport = OAuth2['_transport'];
type HttpRequest = Parameters<TokenTransport['httpRequest']>[0];
type HttpRequestOptions = NonNullable<Parameters<TokenTransport['httpRequest']>[1]>;
type HttpResponse = Awaited<ReturnType<TokenTransport['httpRequest']>>;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * jsforce's token requests, with a timeout (jsforce sets none of its own: a hanging token endpoint
 * would hold a run for 30 minutes) and with every failure that is not an OAuth answer (5xx, 429,
 * Salesforce's error list such as REQUEST_LIMIT_EXCEEDED) turned into an error with a code, so it
 * is retried as queries are. OAuth refusals (invalid_grant, invalid_client) stay jsforce's errors.
 */
function withTokenEndpointTimeout(transport: TokenTransport, timeoutMilliseconds: number): TokenTransport {
  const httpRequest = async (request: HttpRequest, requestOptions?: HttpRequestOptions): Promise<HttpResponse> => {
    const response = await transport.httpRequest(request, { ...requestOptions, timeout: timeoutMilliseconds });
    if (response.statusCode < 400) return response;
    type TokenErrorBody = { error?: unknown } | Array<{ errorCode?: unknown; message?: unknown }> | undefined;
    const body = parseJson(response.body) as TokenErrorBody;
    const serverSide = response.statusCode >= 500 || response.statusCode === 429;
    if (!serverSide && body && !Array.isArray(body) && typeof body.error === 'string') return response;
    const listed = Array.isArray(body) ? body[0] : undefined;
    const errorCode = typeof listed?.errorCode === 'string' ? listed.errorCode : `ERROR_HTTP_${response.statusCode}`;
    const message =
      typeof listed?.message === 'string'
        ? listed.message
        : `The Salesforce token endpoint answered HTTP ${response.statusCode}.`;
    throw Object.assign(new Error(message), { name: errorCode, errorCode });
  };
  return Object.assign(Object.create(transport) as TokenTransport, { httpRequest });
}

/** jsforce aborts a request that passes its timeout; its message speaks of "10 minutes" whatever the timeout. */
function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

export const createJsforceClient: SalesforceClientFactory = (settings, overrides = {}) => {
  const options = { ...defaultClientOptions, ...overrides };
  const { credentials } = settings;
  const timeoutSeconds = options.requestTimeoutMilliseconds / 1000;
  const oauth2 = new OAuth2({
    clientId: settings.clientId ?? undefined,
    clientSecret: credentials.clientSecret,
    loginUrl: settings.loginUrl ?? settings.instanceUrl,
  });
  oauth2._transport = withTokenEndpointTimeout(oauth2._transport, options.requestTimeoutMilliseconds);
  let refreshToken = credentials.refreshToken;

  const requestTokenOnce = async (): Promise<string> => {
    try {
      if (settings.authFlow === 'refresh_token') {
        if (!refreshToken) {
          throw new SalesforceConfigurationError(
            'The refresh-token flow needs a refresh token: enter one in the sync settings.',
          );
        }
        const response = await oauth2.refreshToken(refreshToken);
        if (response.refresh_token && response.refresh_token !== refreshToken) {
          refreshToken = response.refresh_token;
          await options.onRefreshTokenRotated?.(response.refresh_token);
        }
        return response.access_token;
      }
      if (settings.authFlow === 'client_credentials') {
        return (await oauth2.requestToken({ grant_type: 'client_credentials' })).access_token;
      }
    } catch (error) {
      if (isAbort(error)) {
        throw new SalesforceTimeoutError(
          `The Salesforce token endpoint did not answer within ${timeoutSeconds} seconds.`,
        );
      }
      // The token endpoint answers {error: "invalid_grant", error_description}, which jsforce turns
      // into the error's name and message: a refused login, which no retry fixes. Server errors,
      // the request limit and network failures keep their own (retryable) error.
      const oauthRefusal =
        error instanceof Error && /^[a-z_]+$/.test(error.name) && !('errorCode' in error) && !('code' in error);
      if (!oauthRefusal) throw error;
      const flow = settings.authFlow.replace('_', '-');
      throw new SalesforceConfigurationError(
        `Salesforce refused the ${flow} login (${error.name}: ${error.message}). Check the client id, client secret and refresh token in the sync settings.`,
      );
    }
    throw new SalesforceConfigurationError(
      'Salesforce refused the access token and the sync has no way to get a new one: enter a new access token, or use the refresh-token or client-credentials flow.',
    );
  };

  // The first token of a run and every refresh get the same bounded retries as queries. What is
  // still failing after them is final: the query that needed the token must not retry it again.
  const requestToken = async (): Promise<string> => {
    let attempts = 0;
    try {
      return await withRetries(
        () => {
          attempts += 1;
          return requestTokenOnce();
        },
        { policy: options.retryPolicy, sleep: options.sleep, onRetry: options.onRetry },
      );
    } catch (error) {
      if (error instanceof SalesforceConfigurationError || attempts < 2) throw error;
      throw new SalesforceTokenRequestError(error, attempts);
    }
  };

  let refreshes = 0;
  const connection = new Connection({
    instanceUrl: settings.instanceUrl,
    version: settings.apiVersion,
    accessToken: credentials.accessToken,
    oauth2,
    // jsforce calls this when Salesforce answers 401 (expired or revoked session), then repeats the request.
    refreshFn: (_connection, callback) => {
      refreshes += 1;
      if (refreshes > options.maximumTokenRefreshes) {
        callback(
          new Error(
            `Salesforce kept refusing fresh access tokens (${options.maximumTokenRefreshes} refreshes in one run).`,
          ),
        );
        return;
      }
      requestToken().then(
        (token) => callback(null, token),
        (error: Error) => callback(error),
      );
    },
  });

  const requestJson = <Result>(url: string) =>
    withRetries(
      async () => {
        try {
          const requestOptions = { retry: { maxRetries: 0 }, timeout: options.requestTimeoutMilliseconds };
          return (await connection.request<Result>({ method: 'GET', url }, requestOptions)) as Result;
        } catch (error) {
          if (isAbort(error)) {
            throw new SalesforceTimeoutError(`Salesforce did not answer a query within ${timeoutSeconds} seconds.`);
          }
          throw error;
        }
      },
      { policy: options.retryPolicy, sleep: options.sleep, onRetry: options.onRetry },
    );

  return {
    async query(soql) {
      if (!connection.accessToken) connection.accessToken = await requestToken();
      const records: SalesforceRecord[] = [];
      let url: string | undefined = `/services/data/v${settings.apiVersion}/query?q=${encodeURIComponent(soql)}`;
      for (let page = 0; url; page += 1) {
        if (page >= maximumPagesPerQuery)
          throw new Error(`A Salesforce query returned more than ${maximumPagesPerQuery} pages.`);
        const result: QueryPage = await requestJson<QueryPage>(url);
        if (!result || !Array.isArray(result.records))
          throw new Error('Salesforce answered the query with something other than a query result.');
        records.push(...result.records);
        url = result.done ? undefined : result.nextRecordsUrl;
      }
      return records;
    },
    async describe(objectName) {
      if (!connection.accessToken) connection.accessToken = await requestToken();
      const url = `/services/data/v${settings.apiVersion}/sobjects/${encodeURIComponent(objectName)}/describe`;
      const result = await requestJson<{ name?: unknown; fields?: unknown }>(url);
      if (!result || typeof result.name !== 'string' || !Array.isArray(result.fields))
        throw new Error('Salesforce answered the describe call with something other than an object description.');
      return {
        name: result.name,
        fields: (result.fields as Array<Record<string, unknown>>).map((field) => ({
          name: String(field.name),
          label: typeof field.label === 'string' ? field.label : String(field.name),
          type: typeof field.type === 'string' ? field.type : 'unknown',
          relationshipName: typeof field.relationshipName === 'string' ? field.relationshipName : null,
        })),
      };
    },
  };
};

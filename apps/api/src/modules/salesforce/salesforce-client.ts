// The one seam between the sync and Salesforce: a client that runs a SOQL query and returns
// every record, following `nextRecordsUrl`. jsforce speaks the protocol and refreshes expired
// tokens; this module adds the retry policy, a request timeout, and a bound on token refreshes.
import { Connection, OAuth2 } from 'jsforce';
import { defaultRetryPolicy, realSleep, withRetries, type RetryPolicy, type Sleep } from './salesforce-retry';

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

export interface SalesforceClient {
  query(soql: string): Promise<SalesforceRecord[]>;
}

export interface SalesforceClientOptions {
  retryPolicy: RetryPolicy;
  sleep: Sleep;
  requestTimeoutMilliseconds: number;
  /** A token that is refused right after being issued would otherwise refresh forever. */
  maximumTokenRefreshes: number;
  onRetry?: (error: unknown, attempt: number, delayMilliseconds: number) => void;
}

export type SalesforceClientFactory = (settings: SalesforceConnectionSettings, options?: Partial<SalesforceClientOptions>) => SalesforceClient;

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

export const createJsforceClient: SalesforceClientFactory = (settings, overrides = {}) => {
  const options = { ...defaultClientOptions, ...overrides };
  const { credentials } = settings;
  const oauth2 = new OAuth2({
    clientId: settings.clientId ?? undefined,
    clientSecret: credentials.clientSecret,
    loginUrl: settings.loginUrl ?? settings.instanceUrl,
  });

  const requestToken = async (): Promise<string> => {
    try {
      if (settings.authFlow === 'refresh_token') {
        if (!credentials.refreshToken) throw new SalesforceConfigurationError('The refresh-token flow needs a refresh token: enter one in the sync settings.');
        return (await oauth2.refreshToken(credentials.refreshToken)).access_token;
      }
      if (settings.authFlow === 'client_credentials') {
        return (await oauth2.requestToken({ grant_type: 'client_credentials' })).access_token;
      }
    } catch (error) {
      // The token endpoint answers {error: "invalid_grant", error_description}, which jsforce turns
      // into the error's name and message. Network failures keep their own error.
      if (!(error instanceof Error) || !/^[a-z_]+$/.test(error.name)) throw error;
      const flow = settings.authFlow.replace('_', '-');
      throw new SalesforceConfigurationError(`Salesforce refused the ${flow} login (${error.name}: ${error.message}). Check the client id, client secret and refresh token in the sync settings.`);
    }
    throw new SalesforceConfigurationError('Salesforce refused the access token and the sync has no way to get a new one: enter a new access token, or use the refresh-token or client-credentials flow.');
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
        callback(new Error(`Salesforce kept refusing fresh access tokens (${options.maximumTokenRefreshes} refreshes in one run).`));
        return;
      }
      requestToken().then((token) => callback(null, token), (error: Error) => callback(error));
    },
  });

  const requestPage = (url: string) =>
    withRetries(
      () => connection.request<QueryPage>({ method: 'GET', url }, { retry: { maxRetries: 0 }, timeout: options.requestTimeoutMilliseconds }) as Promise<QueryPage>,
      { policy: options.retryPolicy, sleep: options.sleep, onRetry: options.onRetry },
    );

  return {
    async query(soql) {
      if (!connection.accessToken) connection.accessToken = await requestToken();
      const records: SalesforceRecord[] = [];
      let url: string | undefined = `/services/data/v${settings.apiVersion}/query?q=${encodeURIComponent(soql)}`;
      for (let page = 0; url; page += 1) {
        if (page >= maximumPagesPerQuery) throw new Error(`A Salesforce query returned more than ${maximumPagesPerQuery} pages.`);
        const result: QueryPage = await requestPage(url);
        if (!result || !Array.isArray(result.records)) throw new Error('Salesforce answered the query with something other than a query result.');
        records.push(...result.records);
        url = result.done ? undefined : result.nextRecordsUrl;
      }
      return records;
    },
  };
};

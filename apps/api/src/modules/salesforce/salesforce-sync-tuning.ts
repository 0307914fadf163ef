// Knobs of the sync that tests (and operators) may change at run time: the clock that decides
// "today", the retry policy and its sleep, request timeouts, and the size of SOQL IN lists.
import { createJsforceClient, type SalesforceClientFactory } from './salesforce-client';
import { defaultRetryPolicy, realSleep, type RetryPolicy, type Sleep } from './salesforce-retry';
import { defaultChunkLimits, type ChunkLimits } from './soql';

export interface SalesforceSyncTuning {
  clock: () => Date;
  sleep: Sleep;
  retryPolicy: RetryPolicy;
  requestTimeoutMilliseconds: number;
  maximumTokenRefreshes: number;
  chunkLimits: ChunkLimits;
  clientFactory: SalesforceClientFactory;
}

export function defaultTuning(): SalesforceSyncTuning {
  return {
    clock: () => new Date(),
    sleep: realSleep,
    retryPolicy: defaultRetryPolicy,
    requestTimeoutMilliseconds: 120_000,
    maximumTokenRefreshes: 3,
    chunkLimits: defaultChunkLimits,
    clientFactory: createJsforceClient,
  };
}

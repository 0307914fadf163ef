import type { Logger } from './logger';

// Serialization failures and deadlocks are safe to retry: the transaction rolled back entirely.
const retryableSqlStates = new Set(['40001', '40P01']);
const maximumAttempts = 5;

function sqlStateOf(error: unknown): string | undefined {
  const candidate = error as {
    code?: string;
    meta?: { code?: string; driverAdapterError?: { cause?: { originalCode?: string; code?: string } } };
    cause?: { code?: string; originalCode?: string };
  };
  const text = error instanceof Error ? error.message : '';
  return (
    candidate?.meta?.driverAdapterError?.cause?.originalCode ??
    candidate?.cause?.originalCode ??
    candidate?.cause?.code ??
    (/deadlock detected/.test(text) ? '40P01' : /could not serialize access/.test(text) ? '40001' : undefined)
  );
}

export async function withTransactionRetry<T>(logger: Logger, work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const state = sqlStateOf(error);
      if (!state || !retryableSqlStates.has(state) || attempt >= maximumAttempts) throw error;
      logger.warn({ attempt, state }, 'ingest transaction conflicted; retrying');
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
    }
  }
}

import { describe, expect, it } from 'vitest';
import { DomainError } from '../../lib/domain-error';
import type { ProjectRecord } from '../projects/project.repository';
import { IngestAdmission } from './ingest-admission';

const project = { id: 7, ingestKey: 'lm_ingest_seven' } as ProjectRecord;
const other = { id: 8, ingestKey: 'lm_ingest_eight' } as ProjectRecord;

/** Project lookups over two projects; `cached` says which keys the cache would answer. */
function lookups(cached: Set<string> = new Set()) {
  const asked: string[] = [];
  const byKey = new Map([project, other].map((record) => [record.ingestKey, record]));
  return {
    asked,
    projects: {
      async findByIngestKey(key: string) {
        asked.push(key);
        return byKey.get(key) ?? null;
      },
      cachedIngestKey: (key: string) => (cached.has(key) ? byKey.get(key) : undefined),
    },
  };
}

async function refusalOf(attempt: Promise<unknown>) {
  try {
    await attempt;
  } catch (error) {
    if (error instanceof DomainError && error.code === 'RATE_LIMITED') return error.details;
    throw error;
  }
  return null;
}

describe('IngestAdmission', () => {
  it('admits a burst per key, then refuses with the wait until the next token, other keys unaffected', async () => {
    let now = 0;
    const admission = new IngestAdmission(
      lookups().projects,
      { requestsPerSecond: 2, burst: 3, unknownKeyRequestsPerSecond: 0, unknownKeyBurst: 0 },
      () => now,
    );
    for (let request = 0; request < 3; request += 1)
      expect(await admission.admit(project.ingestKey, '10.0.0.1')).toBe(project);
    expect(await refusalOf(admission.admit(project.ingestKey, '10.0.0.2', 5))).toEqual({
      retryAfterSeconds: 1,
      requestsPerSecond: 2,
      eventCount: 5,
    });
    expect(await admission.admit(other.ingestKey, '10.0.0.1')).toBe(other);
    now = 499;
    expect(await refusalOf(admission.admit(project.ingestKey, '10.0.0.1'))).not.toBeNull();
    now = 500; // one token at 2 a second
    expect(await admission.admit(project.ingestKey, '10.0.0.1')).toBe(project);
    expect(await refusalOf(admission.admit(project.ingestKey, '10.0.0.1'))).not.toBeNull();
  });

  it('rounds the wait up to whole seconds', async () => {
    const admission = new IngestAdmission(
      lookups().projects,
      { requestsPerSecond: 0.25, burst: 1, unknownKeyRequestsPerSecond: 0, unknownKeyBurst: 0 },
      () => 0,
    );
    await admission.admit(project.ingestKey, '10.0.0.1');
    expect((await refusalOf(admission.admit(project.ingestKey, '10.0.0.1')))?.retryAfterSeconds).toBe(4);
  });

  it('has no limit at 0', async () => {
    const admission = new IngestAdmission(
      lookups().projects,
      { requestsPerSecond: 0, burst: 1, unknownKeyRequestsPerSecond: 0, unknownKeyBurst: 1 },
      () => 0,
    );
    for (let request = 0; request < 1_000; request += 1) {
      expect(await admission.admit(project.ingestKey, '10.0.0.1')).toBe(project);
      expect(await admission.admit('lm_ingest_wrong', '10.0.0.1')).toBeNull();
    }
  });

  it('limits unknown keys per address, without asking the database once out of guesses', async () => {
    const { asked, projects } = lookups(new Set([other.ingestKey]));
    const admission = new IngestAdmission(
      projects,
      { requestsPerSecond: 100, burst: 100, unknownKeyRequestsPerSecond: 1, unknownKeyBurst: 2 },
      () => 0,
    );
    expect(await admission.admit('lm_ingest_guess1', '10.0.0.1')).toBeNull();
    expect(await admission.admit('lm_ingest_guess2', '10.0.0.1')).toBeNull();
    expect(await refusalOf(admission.admit('lm_ingest_guess3', '10.0.0.1'))).toEqual({
      retryAfterSeconds: 1,
      requestsPerSecond: 1,
      eventCount: 0,
    });
    expect(await refusalOf(admission.admit('lm_ingest_guess4', '10.0.0.1'))).not.toBeNull();
    expect(asked).toEqual(['lm_ingest_guess1', 'lm_ingest_guess2']);
    // A key in use (cached) from the same address goes on; another address still has its guesses.
    expect(await admission.admit(other.ingestKey, '10.0.0.1')).toBe(other);
    expect(await admission.admit('lm_ingest_guess5', '10.0.0.2')).toBeNull();
  });
});

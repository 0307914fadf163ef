import type { IngestRateLimits } from '../../config/config';
import { DomainError } from '../../lib/domain-error';
import type { ProjectRecord } from '../projects/project.repository';
import type { ProjectService } from '../projects/project.service';
import { TokenBuckets } from './token-buckets';

// Who may send events, and how fast: every ingest request resolves its key here, after its body
// was read (the key is inside it: Amplitude's `api_key`, Segment's `writeKey` or Basic auth).
//  - Per ingest key: a token bucket, so one runaway client of a project cannot take the whole
//    server from the others. Counted per project, in requests (whatever their number of events).
//  - Per client address, for requests with an unknown key only: guessing keys costs a database
//    lookup each (past the small cache of unknown keys), so it is slowed down. Once an address is
//    out of guesses it is refused before the database is asked, except for keys the cache holds
//    as valid: clients of a project in use sharing that address (one office, one NAT) go on.

/** Details of a RATE_LIMITED refusal, for the answer in each API's shape. */
export interface RateLimitRefusal {
  retryAfterSeconds: number;
  requestsPerSecond: number;
  /** The events the refused request carried (Amplitude names them back to its SDK). */
  eventCount: number;
}

type IngestKeyLookup = Pick<ProjectService, 'findByIngestKey' | 'cachedIngestKey'>;

export class IngestAdmission {
  private readonly perKey: TokenBuckets | null;
  private readonly perUnknownKeyClient: TokenBuckets | null;

  constructor(
    private readonly projects: IngestKeyLookup,
    private readonly limits: IngestRateLimits,
    clock: () => number = Date.now,
  ) {
    this.perKey =
      limits.requestsPerSecond > 0
        ? new TokenBuckets({ perSecond: limits.requestsPerSecond, burst: limits.burst }, 100_000, clock)
        : null;
    this.perUnknownKeyClient =
      limits.unknownKeyRequestsPerSecond > 0
        ? new TokenBuckets(
            { perSecond: limits.unknownKeyRequestsPerSecond, burst: limits.unknownKeyBurst },
            100_000,
            clock,
          )
        : null;
  }

  /**
   * The project `ingestKey` belongs to, or null when none has it. Throws RATE_LIMITED when the
   * key, or the client address guessing unknown keys, is over its limit. `eventCount`: what the
   * request carries, named in the refusal.
   */
  async admit(ingestKey: string, clientAddress: string, eventCount = 0): Promise<ProjectRecord | null> {
    if (!isPossibleIngestKey(ingestKey)) return null;
    const unknownKeys = this.perUnknownKeyClient;
    // A client out of guesses is refused before the database is asked, unless the key is one
    // the cache knows to be valid.
    if (unknownKeys && !unknownKeys.hasToken(clientAddress) && !this.projects.cachedIngestKey(ingestKey))
      this.refuse(unknownKeys.take(clientAddress), this.limits.unknownKeyRequestsPerSecond, eventCount);
    const project = await this.projects.findByIngestKey(ingestKey);
    if (!project) {
      const wait = unknownKeys?.take(clientAddress) ?? 0;
      if (wait > 0 && unknownKeys) this.refuse(wait, this.limits.unknownKeyRequestsPerSecond, eventCount);
      return null;
    }
    const wait = this.perKey?.take(`project:${project.id}`) ?? 0;
    if (wait > 0) this.refuse(wait, this.limits.requestsPerSecond, eventCount);
    return project;
  }

  private refuse(waitSeconds: number, requestsPerSecond: number, eventCount: number): never {
    const refusal: RateLimitRefusal = {
      // Whole seconds (Retry-After has no fractions), at least one.
      retryAfterSeconds: Math.max(1, Math.ceil(waitSeconds)),
      requestsPerSecond,
      eventCount,
    };
    throw new DomainError('RATE_LIMITED', 'Too many requests', { ...refusal });
  }
}

/**
 * False for a key no project can have: one PostgreSQL cannot even compare (a lone UTF-16
 * surrogate or a NUL, refused by its text type) or far longer than any key. Such keys are answered
 * as unknown without a lookup, so they neither fail the request nor fill the key cache.
 */
export function isPossibleIngestKey(key: string): boolean {
  return key.length <= 1024 && !key.includes('\u0000') && key.isWellFormed();
}

import { createHash } from 'node:crypto';
import type { CacheLookups } from '../../lib/metrics';
import { DomainError } from '../../lib/domain-error';
import { generateKey, hashKey } from '../../lib/keys';
import { TimeBoundCache } from '@leadmaps/shared';
import type { ProjectRecord, ProjectRepository } from './project.repository';

export type ProjectAccess = 'admin' | 'read';

export interface CreatedProject {
  project: ProjectRecord;
  /** Shown once: only hashes of these are stored. */
  secretKey: string;
  readKey: string;
}

export function assertValidTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new DomainError(
      'INVALID_INPUT',
      `Unknown time zone "${timeZone}". Use an IANA name such as "Europe/Berlin".`,
    );
  }
}

// Ingest runs thousands of requests a second with the same key: a short cache spares the
// database a lookup per request, while settings changes and a removed project show up within
// its lifetime (settings changes at once: forgetCachedSettings).
const ingestKeyCacheMilliseconds = 5_000;

export class ProjectService {
  // Keys in use and unknown keys are kept apart, each least recently used out first: a flood of
  // random keys only churns the small cache of unknown ones and never evicts a key in use.
  private readonly knownIngestKeys: TimeBoundCache<ProjectRecord>;
  /** Spares the database the retries of a client with a wrong key. */
  private readonly unknownIngestKeys: TimeBoundCache<true>;

  constructor(
    private readonly repository: ProjectRepository,
    clock: () => number = Date.now,
  ) {
    this.knownIngestKeys = new TimeBoundCache({
      lifetimeMilliseconds: ingestKeyCacheMilliseconds,
      maximumEntries: 10_000,
      clock,
    });
    this.unknownIngestKeys = new TimeBoundCache({
      lifetimeMilliseconds: ingestKeyCacheMilliseconds,
      maximumEntries: 1_000,
      clock,
    });
  }

  /** Hits and misses of the ingest key caches, for the server's metrics. */
  cacheLookups(): Record<string, CacheLookups> {
    return { ingest_keys: this.knownIngestKeys.lookups, unknown_ingest_keys: this.unknownIngestKeys.lookups };
  }

  async createProject(input: {
    name: string;
    timeZone?: string;
    keyActions?: string[];
    ingestKey?: string;
  }): Promise<CreatedProject> {
    const timeZone = input.timeZone ?? 'UTC';
    assertValidTimeZone(timeZone);
    const secretKey = generateKey('secret');
    const readKey = generateKey('read');
    const project = await this.repository.create({
      name: input.name,
      timeZone,
      ingestKey: input.ingestKey ?? generateKey('ingest'),
      secretKeyHash: hashKey(secretKey),
      readKeyHash: hashKey(readKey),
      keyActions: input.keyActions ?? [],
    });
    this.unknownIngestKeys.delete(project.ingestKey);
    return { project, secretKey, readKey };
  }

  async findByIngestKey(ingestKey: string): Promise<ProjectRecord | null> {
    const cached = this.cachedIngestKey(ingestKey);
    if (cached !== undefined) return cached;
    const project = await this.repository.findByIngestKey(ingestKey);
    if (project) this.knownIngestKeys.set(ingestKey, project, { projectId: project.id });
    else this.unknownIngestKeys.set(ingestKey, true);
    return project;
  }

  /** What the cache knows of `ingestKey` without asking the database: undefined when nothing. */
  cachedIngestKey(ingestKey: string): ProjectRecord | null | undefined {
    const known = this.knownIngestKeys.get(ingestKey);
    if (known) return known;
    return this.unknownIngestKeys.get(ingestKey) ? null : undefined;
  }

  /** Resolves an API key (secret = admin, read = read-only) to its project, or null. */
  async authenticate(apiKey: string): Promise<{ project: ProjectRecord; access: ProjectAccess } | null> {
    const hash = hashKey(apiKey);
    if (apiKey.startsWith('lm_secret_')) {
      const project = await this.repository.findBySecretKeyHash(hash);
      return project ? { project, access: 'admin' } : null;
    }
    if (apiKey.startsWith('lm_read_')) {
      const project = await this.repository.findByReadKeyHash(hash);
      return project ? { project, access: 'read' } : null;
    }
    return null;
  }

  getProject(projectId: number): Promise<ProjectRecord | null> {
    return this.repository.findById(projectId);
  }

  listProjects(): Promise<ProjectRecord[]> {
    return this.repository.listAll();
  }

  /**
   * A short digest of the current secret key's hash: admin browser sessions carry it, so rotating
   * the secret key ends them. Null when the project is gone.
   */
  async secretKeyFingerprint(projectId: number): Promise<string | null> {
    const hash = await this.repository.findSecretKeyHash(projectId);
    return hash === null
      ? null
      : createHash('sha256').update(`leadmaps-admin-session:${hash}`).digest('base64url').slice(0, 22);
  }

  async rotateSecretKey(projectId: number): Promise<string> {
    const secretKey = generateKey('secret');
    await this.repository.setSecretKeyHash(projectId, hashKey(secretKey));
    return secretKey;
  }

  async rotateReadKey(projectId: number): Promise<string> {
    const readKey = generateKey('read');
    await this.repository.setReadKeyHash(projectId, hashKey(readKey));
    return readKey;
  }

  /** After a project's settings change, ingest reads them afresh at once. */
  forgetCachedSettings(projectId: number): void {
    this.knownIngestKeys.forgetProject(projectId);
  }
}

// Whole-response cache for the Groups page's reads. A page computed from the rollups costs tens of
// milliseconds, and even a page answered by the page cache cost ~6 ms of CPU (graphql-js executing
// ~3,000 fields, then serialising ~90 KB). This keeps the serialised answer and sends it again
// after one small statement. It is sound because the key holds everything those answers depend
// on: the request, the project's settings (read with the key at authentication), today's date in
// the project's time zone (default ranges end today), and the data version (see
// queries/project-data-version.query.ts). Only the root fields listed below are cached; every
// other query, every mutation and every answer with errors goes through untouched.
//
// Apollo's response-cache plugin was tried first: it stores answers as objects and parses and
// re-serialises them on every hit, which was ~25 % of the CPU of a hit on a 93 KB page and held
// the Groups query to ~500 requests/s. Keeping the bytes is what this module adds.
import { createHash } from 'node:crypto';
import { TimeBoundCache, todayInTimeZone } from '@leadmaps/shared';
import type { CacheLookups } from '../lib/metrics';
import { BREAK, Kind, parse, visit, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { ProjectRecord } from '../modules/projects/project.repository';
import type { ProjectDataVersion } from '../modules/analytics/queries/project-data-version.query';
import { graphqlParseOptions } from './validation-rules';

/** Fields whose answers are a function of settings, the date and the data version alone. */
export const cacheableRootFields: ReadonlySet<string> = new Set([
  'groups',
  'accountReport',
  'groupTypes',
  '__typename',
]);

/**
 * How long an answer may be served. Short for the same reason as the page cache: two ingest
 * transactions can commit out of id order, so an answer cached between them would miss the
 * earlier one's rows until the next write.
 */
export const responseCacheMilliseconds = 5_000;

export function isCacheableOperation(operation: OperationDefinitionNode | undefined): boolean {
  if (operation?.operation !== 'query') return false;
  return operation.selectionSet.selections.every(
    (selection) => selection.kind === Kind.FIELD && cacheableRootFields.has(selection.name.value),
  );
}

/**
 * Fields that lead from a cacheable root into the domain graph (a row's Group: its people,
 * memberships, properties and events), whose answers also change with identify calls that the
 * data version does not follow. A document naming one anywhere (fragments included) is not cached.
 */
export const uncacheableFields: ReadonlySet<string> = new Set(['group']);

export function namesUncacheableField(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (!uncacheableFields.has(node.name.value)) return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}

/** What a request asks, as Apollo reads it from a JSON POST body. */
export interface GraphqlRequestBody {
  query?: unknown;
  operationName?: unknown;
  variables?: unknown;
}

export interface CachedResponse {
  body: string;
  storedAt: number;
}

export class GraphqlResponseCache {
  /** Query text → whether it may be cached (parsing is what costs, not the lookup). */
  private readonly documents = new LRUCache<string, boolean>({ max: 500 });
  private readonly responses: TimeBoundCache<CachedResponse>;

  constructor(
    maximumBytes = 64 * 1024 * 1024,
    private readonly clock: () => number = Date.now,
  ) {
    this.responses = new TimeBoundCache<CachedResponse>({
      lifetimeMilliseconds: responseCacheMilliseconds,
      maximumSize: maximumBytes,
      sizeOf: (entry) => entry.body.length * 2 + 200,
      clock,
    });
  }

  get lookups(): Readonly<CacheLookups> {
    return this.responses.lookups;
  }

  /** Whether a request's document may be answered from the cache (never throws on bad input). */
  isCacheableRequest(body: GraphqlRequestBody | undefined): body is GraphqlRequestBody & { query: string } {
    if (!body || typeof body.query !== 'string' || body.query.length > 20_000) return false;
    const known = this.documents.get(body.query);
    if (known !== undefined) return known && this.hasUsableOperationName(body);
    let cacheable = false;
    try {
      const document = parse(body.query, graphqlParseOptions);
      const operations = document.definitions.filter(
        (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
      );
      // Every operation of the document must qualify: operationName picks one only at execution.
      cacheable = operations.length > 0 && operations.every(isCacheableOperation) && !namesUncacheableField(document);
    } catch {
      cacheable = false; // Apollo answers the syntax error itself.
    }
    this.documents.set(body.query, cacheable);
    return cacheable && this.hasUsableOperationName(body);
  }

  keyOf(project: ProjectRecord, version: ProjectDataVersion, body: GraphqlRequestBody & { query: string }): string {
    const material = JSON.stringify([
      project,
      todayInTimeZone(project.timeZone, new Date(this.clock())),
      version,
      body.query,
      body.operationName ?? null,
      body.variables ?? null,
    ]);
    return createHash('sha256').update(material).digest('base64url');
  }

  get(key: string): CachedResponse | undefined {
    return this.responses.get(key);
  }

  set(key: string, body: string): void {
    this.responses.set(key, { body, storedAt: this.clock() });
  }

  private hasUsableOperationName(body: GraphqlRequestBody): boolean {
    return body.operationName === undefined || body.operationName === null || typeof body.operationName === 'string';
  }
}

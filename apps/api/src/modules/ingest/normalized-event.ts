import type { normalizeOperations } from '../groups/property-operations';

export type PropertyOperations = NonNullable<ReturnType<typeof normalizeOperations>>;

/**
 * One call from any SDK, translated into what leadmaps stores. Amplitude events, `$identify`,
 * `$groupidentify` and Segment track/page/identify/group calls all become this shape.
 */
export interface NormalizedEvent {
  /** Position in the request, for per-event answers. */
  index: number;
  /** `event` is stored and counted; `identify` changes the person and memberships only. */
  kind: 'event' | 'identify';
  eventType: string;
  time: Date;
  userId: string | null;
  deviceId: string | null;
  sessionId: number | null;
  insertId: string | null;
  /** Deduplication key within the project (null: not deduplicated). */
  dedupKey: string | null;
  properties: Record<string, unknown>;
  userPropertyOperations: PropertyOperations | null;
  /** Event-level groups: apply to this event only. */
  eventGroups: { type: string; values: string[] }[];
  /** User-level groups set by identify: persist for the user's future events. */
  userGroups: { type: string; value: string }[];
  groupPropertyUpdates: { type: string; value: string; operations: PropertyOperations }[];
}

export interface RejectedEvent {
  index: number;
  reason: string;
}

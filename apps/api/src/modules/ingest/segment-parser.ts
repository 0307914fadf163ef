// Turns Segment HTTP Tracking API messages into NormalizedEvents. Segment's SDK drops a whole batch
// on any 400, so every problem is answered per message: the bad message is refused, the rest kept.
import { normalizeOperations } from '../groups/property-operations';
import type { NormalizedEvent, RejectedEvent } from './normalized-event';
import { isObject, isUnstorable, groupValuesOf, maximumStringLength, readProperties } from './payload-rules';

export const maximumSegmentMessageBytes = 32 * 1024;
export const segmentDefaultGroupType = '[Segment] Group';
export const segmentMessageTypes = ['track', 'page', 'screen', 'identify', 'group', 'alias'] as const;
export type SegmentMessageType = (typeof segmentMessageTypes)[number];

export interface SegmentSettings {
  /** Trait naming the group type in group() calls (default `group_type`). */
  groupTypeTrait: string;
  /** Trait holding the group value in group() calls; null means the groupId. */
  groupValueTrait: string | null;
}

export interface SegmentParseResult {
  events: NormalizedEvent[];
  rejected: RejectedEvent[];
  warnings: string[];
}

function readIdentity(value: unknown): string | null | undefined {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.length <= maximumStringLength) return value;
  return undefined;
}

function readTime(value: unknown, fallback: Date): Date | undefined {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string') return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time;
}

function merge(base: unknown, override: unknown): Record<string, unknown> {
  return { ...readProperties(base), ...readProperties(override) };
}

/**
 * @param messages each with its serialized size in bytes (measured by the caller on the raw body)
 * @param envelope the batch's top-level context and integrations, merged into every message
 */
export function parseSegmentMessages(
  messages: { message: unknown; bytes: number; impliedType?: SegmentMessageType }[],
  envelope: { context?: unknown; integrations?: unknown },
  settings: SegmentSettings,
  receivedAt: Date,
): SegmentParseResult {
  const result: SegmentParseResult = { events: [], rejected: [], warnings: [] };
  // Each early `return reject(...)` skips one message; the loop below runs it over every message.
  const parseMessage = ({ message, bytes, impliedType }: (typeof messages)[number], index: number) => {
    const reject = (reason: string) => result.rejected.push({ index, reason });
    if (bytes > maximumSegmentMessageBytes)
      return reject(`message is ${bytes} bytes: the limit is ${maximumSegmentMessageBytes} bytes per message`);
    if (!isObject(message)) return reject('message must be a JSON object');
    if (isUnstorable(message)) return reject('message is nested too deeply or contains a NUL character');
    const type = (impliedType ?? message.type) as SegmentMessageType;
    if (!segmentMessageTypes.includes(type)) return reject(`unknown message type ${JSON.stringify(message.type)}`);
    const userId = readIdentity(message.userId);
    const anonymousId = readIdentity(message.anonymousId);
    if (userId === undefined) return reject('userId must be a string');
    if (anonymousId === undefined) return reject('anonymousId must be a string');
    const time = readTime(message.timestamp ?? message.originalTimestamp, receivedAt);
    if (!time) return reject('timestamp must be an ISO-8601 date');
    const messageId = message.messageId;
    if (
      messageId !== undefined &&
      messageId !== null &&
      (typeof messageId !== 'string' || messageId.length > maximumStringLength)
    ) {
      return reject('messageId must be a string');
    }
    const context = merge(envelope.context, message.context);
    const integrations = merge(envelope.integrations, message.integrations);
    const base = {
      index,
      time,
      userId,
      deviceId: anonymousId,
      sessionId: null,
      insertId: typeof messageId === 'string' ? messageId : null,
      dedupKey: typeof messageId === 'string' ? `s:${messageId}` : null,
      userPropertyOperations: null,
      eventGroups: [] as NormalizedEvent['eventGroups'],
      userGroups: [] as NormalizedEvent['userGroups'],
      groupPropertyUpdates: [] as NormalizedEvent['groupPropertyUpdates'],
    };

    if (type === 'alias') {
      result.warnings.push(`message ${index}: alias calls are accepted but do not merge people in leadmaps`);
      return;
    }
    if (type === 'group') {
      const groupId = readIdentity(message.groupId);
      if (!groupId) return reject('group calls need a groupId');
      const traits = readProperties(message.traits);
      const typeTrait = traits[settings.groupTypeTrait];
      const groupType = typeof typeTrait === 'string' && typeTrait ? typeTrait : segmentDefaultGroupType;
      const valueTrait = settings.groupValueTrait ? traits[settings.groupValueTrait] : undefined;
      const groupValue =
        typeof valueTrait === 'string' || typeof valueTrait === 'number' ? String(valueTrait) : groupId;
      const groupTraits = Object.fromEntries(
        Object.entries(traits).filter(([key]) => key !== settings.groupTypeTrait && key !== settings.groupValueTrait),
      );
      result.events.push({
        ...base,
        kind: 'identify',
        eventType: '$segment_group',
        properties: {},
        userGroups: userId || anonymousId ? [{ type: groupType, value: groupValue }] : [],
        groupPropertyUpdates: Object.keys(groupTraits).length
          ? [{ type: groupType, value: groupValue, operations: normalizeOperations({ $set: groupTraits })! }]
          : [],
      });
      return;
    }
    if (!userId && !anonymousId) return reject('userId or anonymousId is required');
    if (type === 'identify') {
      result.events.push({
        ...base,
        kind: 'identify',
        eventType: '$segment_identify',
        properties: {},
        userPropertyOperations: normalizeOperations({ $set: readProperties(message.traits ?? context.traits) }),
      });
      return;
    }

    let eventType: string;
    let properties = readProperties(message.properties);
    if (type === 'track') {
      if (typeof message.event !== 'string' || !message.event || message.event.length > maximumStringLength)
        return reject('track calls need an event name');
      eventType = message.event;
    } else {
      const name = typeof message.name === 'string' && message.name ? message.name : null;
      eventType =
        type === 'page'
          ? name
            ? `Viewed ${name} Page`
            : 'Loaded a Page'
          : name
            ? `Viewed ${name} Screen`
            : 'Loaded a Screen';
      properties = {
        ...properties,
        ...(name ? { name } : {}),
        ...(typeof message.category === 'string' ? { category: message.category } : {}),
      };
    }
    // Event-level groups: Amplitude's destination settings when present (they name the group type),
    // else the spec's context.groupId under the default Segment group type.
    const amplitudeSettings = readProperties(integrations.Amplitude);
    const groups = groupValuesOf(amplitudeSettings.groups, 10, (warning) =>
      result.warnings.push(`message ${index}: ${warning}`),
    );
    if (groups === undefined) return reject('integrations.Amplitude.groups must be {type: value | [values]}');
    const contextGroupId = readIdentity(context.groupId);
    if (contextGroupId && groups.length === 0) groups.push({ type: segmentDefaultGroupType, values: [contextGroupId] });
    result.events.push({ ...base, kind: 'event', eventType, properties, eventGroups: groups });
  };
  for (const [index, entry] of messages.entries()) parseMessage(entry, index);
  return result;
}

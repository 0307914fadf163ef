// Turns Segment HTTP Tracking API messages into NormalizedEvents. Segment's SDK drops a whole batch
// on any 400, so every problem is answered per message: the bad message is refused, the rest kept.
import { normalizeOperations } from '../groups/property-operations';
import type { NormalizedEvent, RejectedEvent } from './normalized-event';
import { inspectJson, withWellFormedStrings, type JsonInspection } from './json-inspection';
import {
  eventTimeRange,
  groupValuesOf,
  infiniteNumbersWarning,
  isIdentity,
  isObject,
  isStorableTime,
  jsonLimits,
  maximumNestingDepth,
  readProperties,
} from './payload-rules';

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
  if (typeof value === 'string' && isIdentity(value)) return value;
  return undefined;
}

function readTime(value: unknown, fallback: Date): Date | undefined {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string') return undefined;
  const time = new Date(value);
  return isStorableTime(time.getTime()) ? time : undefined;
}

/** Why a walk over a message (or the batch's context) refuses it. */
function inspectionProblem(inspection: JsonInspection, what: string): string | null {
  if (inspection.problem === 'too-large')
    return `${what} is larger than ${maximumSegmentMessageBytes} bytes: the limit is ${maximumSegmentMessageBytes} bytes per message`;
  if (inspection.problem === 'too-deep') return `${what} is nested more than ${maximumNestingDepth} levels deep`;
  if (inspection.problem === 'nul') return `${what} contains a NUL character`;
  return null;
}

/**
 * The strings of a message that name someone or something (ids, the event name, groups). A lone
 * surrogate there refuses the message: replacing it could merge two different people or groups.
 */
function identityStrings(
  message: Record<string, unknown>,
  type: SegmentMessageType,
  context: Record<string, unknown>,
  integrations: Record<string, unknown>,
  settings: SegmentSettings,
): [string, unknown][] {
  const fields: [string, unknown][] = [
    ['userId', message.userId],
    ['anonymousId', message.anonymousId],
    ['messageId', message.messageId],
  ];
  if (type === 'track') fields.push(['event', message.event]);
  if (type === 'page' || type === 'screen') fields.push(['name', message.name]);
  if (type === 'group') {
    const traits = readProperties(message.traits);
    fields.push(['groupId', message.groupId], [`traits.${settings.groupTypeTrait}`, traits[settings.groupTypeTrait]]);
    if (settings.groupValueTrait) fields.push([`traits.${settings.groupValueTrait}`, traits[settings.groupValueTrait]]);
  }
  if (type === 'track' || type === 'page' || type === 'screen') {
    fields.push(['context.groupId', context.groupId]);
    const groups = readProperties(readProperties(integrations.Amplitude).groups);
    const strings = Object.entries(groups).flatMap(([key, value]) => [
      key,
      ...(Array.isArray(value) ? value : [value]),
    ]);
    fields.push(...strings.map((value): [string, unknown] => ['integrations.Amplitude.groups', value]));
  }
  return fields;
}

function merge(base: unknown, override: unknown): Record<string, unknown> {
  return { ...readProperties(base), ...readProperties(override) };
}

/**
 * @param messages each with the call type its endpoint implies (single calls)
 * @param envelope the batch's top-level context and integrations, merged into every message
 */
export function parseSegmentMessages(
  messages: { message: unknown; impliedType?: SegmentMessageType }[],
  envelope: { context?: unknown; integrations?: unknown },
  settings: SegmentSettings,
  receivedAt: Date,
): SegmentParseResult {
  const result: SegmentParseResult = { events: [], rejected: [], warnings: [] };
  // The batch's context and integrations belong to every message: unstorable, they refuse them all.
  const envelopeInspection = inspectJson([envelope.context ?? null, envelope.integrations ?? null], jsonLimits);
  const envelopeProblem = inspectionProblem(envelopeInspection, "the batch's context or integrations");
  // Each early `return reject(...)` skips one message; the loop below runs it over every message.
  const parseMessage = ({ message: original, impliedType }: (typeof messages)[number], index: number) => {
    const reject = (reason: string) => result.rejected.push({ index, reason });
    if (envelopeProblem) return reject(envelopeProblem);
    if (!isObject(original)) return reject('message must be a JSON object');
    // Measured without recursion and without JSON.stringify (a message nested 10,000 deep overflowed it).
    const inspection = inspectJson(original, {
      maximumDepth: maximumNestingDepth,
      maximumBytes: maximumSegmentMessageBytes,
    });
    const problem = inspectionProblem(inspection, 'message');
    if (problem) return reject(problem);
    let message = original;
    const type = (impliedType ?? message.type) as SegmentMessageType;
    if (!segmentMessageTypes.includes(type)) return reject(`unknown message type ${JSON.stringify(message.type)}`);
    let context = merge(envelope.context, message.context);
    const integrations = merge(envelope.integrations, message.integrations);
    if (inspection.loneSurrogates || envelopeInspection.loneSurrogates) {
      for (const [field, value] of identityStrings(message, type, context, integrations, settings)) {
        if (typeof value === 'string' && !value.isWellFormed())
          return reject(`${field} contains a lone UTF-16 surrogate`);
      }
    }
    const userId = readIdentity(message.userId);
    const anonymousId = readIdentity(message.anonymousId);
    if (userId === undefined) return reject('userId must be a string of at most 1024 bytes, or a number');
    if (anonymousId === undefined) return reject('anonymousId must be a string of at most 1024 bytes, or a number');
    const time = readTime(message.timestamp ?? message.originalTimestamp, receivedAt);
    if (!time) return reject(`timestamp must be an ISO-8601 date from ${eventTimeRange}`);
    const messageId = message.messageId;
    if (messageId !== undefined && messageId !== null && (typeof messageId !== 'string' || !isIdentity(messageId))) {
      return reject('messageId must be a string of at most 1024 bytes');
    }
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
    // Identities are valid from here on; lone surrogates left in properties, traits or context are
    // replaced with U+FFFD (PostgreSQL refuses them): the message is worth more than one character.
    if (inspection.loneSurrogates || envelopeInspection.loneSurrogates) {
      message = withWellFormedStrings(message) as Record<string, unknown>;
      context = withWellFormedStrings(context) as Record<string, unknown>;
      result.warnings.push(
        `message ${index}: lone UTF-16 surrogates in property keys or values were replaced with U+FFFD`,
      );
    }
    if (inspection.infiniteNumbers) result.warnings.push(`message ${index}: ${infiniteNumbersWarning}`);
    if (type === 'group') {
      const groupId = readIdentity(message.groupId);
      if (!groupId) return reject('group calls need a groupId');
      const traits = readProperties(message.traits);
      const typeTrait = traits[settings.groupTypeTrait];
      const groupType = typeof typeTrait === 'string' && typeTrait ? typeTrait : segmentDefaultGroupType;
      if (!isIdentity(groupType)) return reject(`traits.${settings.groupTypeTrait} must be at most 1024 bytes`);
      const valueTrait = settings.groupValueTrait ? traits[settings.groupValueTrait] : undefined;
      const groupValue =
        typeof valueTrait === 'string' || typeof valueTrait === 'number' ? String(valueTrait) : groupId;
      if (!isIdentity(groupValue)) return reject(`traits.${settings.groupValueTrait} must be at most 1024 bytes`);
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
      if (typeof message.event !== 'string' || !message.event || !isIdentity(message.event))
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
      if (!isIdentity(eventType)) return reject('name must be at most 1024 bytes');
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

// The one way from a wire format to NormalizedEvents. HTTP routes decode the body, authenticate
// and answer; what a payload means (Amplitude events and identifications, Segment batches and
// single calls) is decided here, so every API reaches ingest through the same door.
import type { ProjectRecord } from '../projects/project.repository';
import {
  identificationEvents,
  minimumIdLengthOf,
  parseAmplitudeEvents,
  type AmplitudeProblems,
} from './amplitude-parser';
import type { NormalizedEvent, RejectedEvent } from './normalized-event';
import { parseSegmentMessages, type SegmentMessageType } from './segment-parser';

export type WireRequest =
  /** HTTP V2 (/2/httpapi) and Batch (/batch): `events` and `options` of the body. */
  | { format: 'amplitude-events'; events: unknown[]; options?: unknown }
  /** Identify (/identify) and Group Identify (/groupidentify): the decoded `identification` list. */
  | { format: 'amplitude-identify' | 'amplitude-group-identify'; identifications: unknown[] }
  /** Segment /v1/batch and /v1/import: `batch`, with the top-level context and integrations. */
  | { format: 'segment-batch'; batch: unknown[]; context?: unknown; integrations?: unknown }
  /** Segment /v1/track, /v1/identify, …: the body is the one message. */
  | { format: 'segment-call'; type: SegmentMessageType; message: Record<string, unknown> };

export type ParsedWireRequest =
  /** `rejected`: messages refused one by one (Segment); Amplitude refuses the request instead. */
  | { ok: true; events: NormalizedEvent[]; warnings: string[]; rejected: RejectedEvent[] }
  | { ok: false; problems: AmplitudeProblems };

type SegmentProject = Pick<ProjectRecord, 'segmentGroupTypeTrait' | 'segmentGroupValueTrait'>;

export function parseWireRequest(request: WireRequest, project: SegmentProject, receivedAt: Date): ParsedWireRequest {
  const segment = { groupTypeTrait: project.segmentGroupTypeTrait, groupValueTrait: project.segmentGroupValueTrait };
  switch (request.format) {
    case 'amplitude-events': {
      const minIdLength = minimumIdLengthOf(request.options);
      return withoutRejections(parseAmplitudeEvents(request.events, { minIdLength, receivedAt }));
    }
    case 'amplitude-identify':
    case 'amplitude-group-identify': {
      const kind = request.format === 'amplitude-identify' ? 'identify' : 'groupidentify';
      const events = identificationEvents(kind, request.identifications, receivedAt);
      return withoutRejections(parseAmplitudeEvents(events, { minIdLength: 5, receivedAt }));
    }
    case 'segment-batch': {
      const messages = request.batch.map((message) => ({ message }));
      const envelope = { context: request.context, integrations: request.integrations };
      return { ok: true, ...parseSegmentMessages(messages, envelope, segment, receivedAt) };
    }
    case 'segment-call': {
      const messages = [{ message: request.message, impliedType: request.type }];
      return { ok: true, ...parseSegmentMessages(messages, {}, segment, receivedAt) };
    }
  }
}

function withoutRejections(parsed: ReturnType<typeof parseAmplitudeEvents>): ParsedWireRequest {
  return parsed.ok ? { ...parsed, rejected: [] } : parsed;
}

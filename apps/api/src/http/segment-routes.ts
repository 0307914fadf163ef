import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SegmentMessageType } from '../modules/ingest/segment-parser';
import type { WireRequest } from '../modules/ingest/wire-parsers';
import type { Services } from '../services';
import { BodyError, decodeBody, isJsonContentType, isPossibleIngestKey, parseJson } from './request-body';

// Segment allows 500 KB per batch; its Node SDK does not really enforce it (analytics-next#1390)
// and drops a whole batch on any 4xx, so we accept far larger batches rather than lose data.
const maximumBatchBytes = 16 * 1024 * 1024;
const maximumBatchMessages = 10_000;

const fail = (reply: FastifyReply, status: number, error: string) => reply.code(status).send({ success: false, error });

function writeKeyOf(request: FastifyRequest, body: Record<string, unknown>): string | null {
  const authorization = request.headers.authorization ?? '';
  const basic = /^Basic\s+(\S+)$/i.exec(authorization);
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const key = decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
    if (key) return key;
  }
  return typeof body.writeKey === 'string' && body.writeKey ? body.writeKey : null;
}

export function segmentRoutes(app: FastifyInstance, services: Services) {
  const handle = (impliedType: SegmentMessageType | null) => async (request: FastifyRequest, reply: FastifyReply) => {
    const receivedAt = new Date();
    let body: unknown;
    try {
      if (!isJsonContentType(request.headers['content-type']))
        throw new BodyError(415, 'Content-Type must be application/json');
      body = parseJson(decodeBody(request.body, request.headers['content-encoding'], maximumBatchBytes));
    } catch (error) {
      if (error instanceof BodyError) return fail(reply, error.status, error.message);
      throw error;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return fail(reply, 400, 'Request body must be a JSON object');
    const envelope = body as Record<string, unknown>;
    const writeKey = writeKeyOf(request, envelope);
    if (!writeKey) return fail(reply, 401, 'Missing write key: send it as Basic auth username or as "writeKey"');
    const project = isPossibleIngestKey(writeKey) ? await services.projects.findByIngestKey(writeKey) : null;
    if (!project) return fail(reply, 401, 'Invalid write key');

    let wireRequest: WireRequest;
    if (impliedType) {
      wireRequest = { format: 'segment-call', type: impliedType, message: envelope };
    } else {
      if (!Array.isArray(envelope.batch)) return fail(reply, 400, '"batch" must be an array of messages');
      if (envelope.batch.length > maximumBatchMessages)
        return fail(reply, 413, `At most ${maximumBatchMessages} messages per batch`);
      wireRequest = {
        format: 'segment-batch',
        batch: envelope.batch,
        context: envelope.context,
        integrations: envelope.integrations,
      };
    }
    const outcome = await services.ingest.ingestWire(project, wireRequest, receivedAt);
    // Segment calls are refused message by message, never as a whole request.
    if (!outcome.ok) throw new Error('a Segment request cannot fail as a whole');
    const { result, rejected } = outcome;
    return reply.code(200).send({
      success: true,
      accepted: result.ingested + result.duplicates,
      ...(result.duplicates ? { duplicates: result.duplicates } : {}),
      ...(rejected.length ? { rejected } : {}),
      ...(result.warnings.length ? { warnings: result.warnings } : {}),
    });
  };
  app.post('/v1/batch', handle(null));
  app.post('/v1/import', handle(null));
  for (const type of ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const)
    app.post(`/v1/${type}`, handle(type));
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parse as parseQueryString } from 'node:querystring';
import { maximumEventsPerAmplitudeRequest } from '../modules/ingest/amplitude-parser';
import { isObject } from '../modules/ingest/payload-rules';
import type { Services } from '../services';
import { BodyError, decodeBody, isJsonContentType, isPossibleIngestKey, parseJson } from './request-body';

// Amplitude's SDKs read the JSON `code`, not the HTTP status: every answer carries both, equal.
const send = (reply: FastifyReply, code: number, body: Record<string, unknown> = {}) =>
  reply.code(code).send({ code, ...body });

const httpApiMaximumBytes = 1024 * 1024;
const batchMaximumBytes = 20 * 1024 * 1024;
const identifyMaximumBytes = 1024 * 1024;

export function amplitudeRoutes(app: FastifyInstance, services: Services) {
  const handleEvents = (maximumBytes: number) => async (request: FastifyRequest, reply: FastifyReply) => {
    const receivedAt = new Date();
    let body: unknown;
    let size: number;
    try {
      if (!isJsonContentType(request.headers['content-type']))
        throw new BodyError(415, 'Invalid request: Content-Type must be application/json');
      const buffer = decodeBody(request.body, request.headers['content-encoding'], maximumBytes);
      size = buffer.length;
      body = parseJson(buffer);
    } catch (error) {
      if (error instanceof BodyError) return send(reply, error.status, { error: error.message });
      throw error;
    }
    if (!isObject(body)) return send(reply, 400, { error: 'Invalid JSON request body' });
    if (typeof body.api_key !== 'string' || !body.api_key)
      return send(reply, 400, { error: 'Request missing required field', missing_field: 'api_key' });
    if (!Array.isArray(body.events))
      return send(reply, 400, { error: 'Request missing required field', missing_field: 'events' });
    if (body.events.length > maximumEventsPerAmplitudeRequest) return send(reply, 413, { error: 'Payload too large' });
    const project = isPossibleIngestKey(body.api_key) ? await services.projects.findByIngestKey(body.api_key) : null;
    if (!project) return send(reply, 400, { error: 'Invalid API key' });

    const outcome = await services.ingest.ingestWire(
      project,
      { format: 'amplitude-events', events: body.events, options: body.options },
      receivedAt,
    );
    if (!outcome.ok) return send(reply, 400, { error: 'Invalid field values on some events', ...outcome.problems });
    const { result } = outcome;
    return send(reply, 200, {
      events_ingested: result.ingested + result.duplicates,
      payload_size_bytes: size,
      server_upload_time: receivedAt.getTime(),
      ...(result.duplicates ? { duplicates_ignored: result.duplicates } : {}),
      ...(result.partiallyRefused.length ? { events_partially_refused: result.partiallyRefused } : {}),
      ...(result.warnings.length ? { warnings: result.warnings } : {}),
    });
  };

  app.post('/2/httpapi', handleEvents(httpApiMaximumBytes));
  app.post('/batch', handleEvents(batchMaximumBytes));

  // The Identify and Group Identify APIs: form-encoded `api_key` and `identification`.
  const handleIdentification =
    (format: 'amplitude-identify' | 'amplitude-group-identify') =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const receivedAt = new Date();
      let fields: Record<string, unknown>;
      try {
        const buffer = decodeBody(request.body, request.headers['content-encoding'], identifyMaximumBytes);
        fields = isJsonContentType(request.headers['content-type'])
          ? (parseJson(buffer) as Record<string, unknown>)
          : parseQueryString(buffer.toString('utf8'));
      } catch (error) {
        if (error instanceof BodyError) return send(reply, error.status, { error: error.message });
        throw error;
      }
      if (!isObject(fields)) return send(reply, 400, { error: 'Invalid request body' });
      if (typeof fields.api_key !== 'string' || !fields.api_key)
        return send(reply, 400, { error: 'Request missing required field', missing_field: 'api_key' });
      let identification: unknown = fields.identification;
      if (typeof identification === 'string') {
        try {
          identification = JSON.parse(identification);
        } catch {
          return send(reply, 400, { error: 'missing_event', missing_field: 'identification' });
        }
      }
      const items = Array.isArray(identification) ? identification : isObject(identification) ? [identification] : null;
      if (!items?.length || items.length > 1024)
        return send(reply, 400, { error: 'missing_event', missing_field: 'identification' });
      const project = isPossibleIngestKey(fields.api_key)
        ? await services.projects.findByIngestKey(fields.api_key)
        : null;
      if (!project) return send(reply, 400, { error: 'Invalid API key' });

      const outcome = await services.ingest.ingestWire(project, { format, identifications: items }, receivedAt);
      if (!outcome.ok)
        return send(reply, 400, { error: 'Invalid field values on some identifications', ...outcome.problems });
      if (outcome.result.warnings.length) return send(reply, 200, { warnings: outcome.result.warnings });
      return reply.code(200).type('text/plain').send('success');
    };
  app.post('/identify', handleIdentification('amplitude-identify'));
  app.post('/groupidentify', handleIdentification('amplitude-group-identify'));
}

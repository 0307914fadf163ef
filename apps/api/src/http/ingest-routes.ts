// Amplitude- and Segment-compatible ingest endpoints. Bodies are read raw so that size limits
// apply after decompression and every malformed payload gets the documented 4xx answer.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { databaseRetryAfterSeconds, isDatabaseUnavailable } from '../database/database-availability';
import type { Services } from '../services';
import { amplitudeRoutes } from './amplitude-routes';
import { rateLimitRefusalOf, sendRateLimited } from './ingest-rate-limit-reply';
import { ingestCors } from './cors';
import { segmentRoutes } from './segment-routes';
import { segmentSettingsRoute } from './segment-settings-route';

/** The largest compressed body any ingest route accepts; each route checks its own decoded limit. */
export const maximumRawIngestBodyBytes = 21 * 1024 * 1024;

export async function registerIngestRoutes(app: FastifyInstance, services: Services): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: maximumRawIngestBodyBytes },
      (_request, body, done) => done(null, body),
    );
    // Oversized or unreadable bodies fail before our handlers: answer them in each API's own shape.
    scope.setErrorHandler(
      (error: { statusCode?: number; message: string }, request: FastifyRequest, reply: FastifyReply) => {
        const rateLimited = rateLimitRefusalOf(error);
        if (rateLimited) return sendRateLimited(request, reply, rateLimited);
        // A database outage: nothing was stored (acknowledgements come only after commit), so the
        // SDKs, which retry 5xx, are told to come back later.
        const unavailable = isDatabaseUnavailable(error);
        if (unavailable) reply.header('retry-after', String(databaseRetryAfterSeconds));
        const status = unavailable
          ? 503
          : error.statusCode && error.statusCode >= 400 && error.statusCode < 500
            ? error.statusCode
            : 500;
        if (status === 500) services.logger.error({ err: error, url: request.url }, 'ingest request failed');
        if (unavailable)
          services.logger.warn({ err: error, url: request.url }, 'ingest refused: the database is unavailable');
        const message =
          status === 413
            ? 'Payload too large'
            : status === 500
              ? 'Internal server error'
              : unavailable
                ? 'Service unavailable: the database cannot be reached; retry later'
                : error.message;
        if (request.url.startsWith('/v1/')) return reply.code(status).send({ success: false, error: message });
        return reply.code(status).send({ code: status, error: message });
      },
    );
    // Browser SDKs post from customers' sites: every ingest route answers any origin, and every
    // ingest path answers its preflight (the CORS hook replies 204 before the handler runs).
    const ingestPaths = new Set<string>();
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, cors: ingestCors };
      ingestPaths.add(route.url);
    });
    amplitudeRoutes(scope, services);
    segmentRoutes(scope, services);
    segmentSettingsRoute(scope, services);
    for (const path of [...ingestPaths]) scope.options(path, async (_request, reply) => reply.code(204).send());
  });
}

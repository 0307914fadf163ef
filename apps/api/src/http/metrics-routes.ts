// GET /metrics for Prometheus, and the request timing behind its latency histograms. The route
// label is the route's pattern (`/v1/projects/:writeKey/settings`), never the URL: a label must
// take few values, and URLs carry keys.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../services';

export function registerMetrics(app: FastifyInstance, services: Services): void {
  const { metrics, config } = services;
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? '(no route)';
    metrics.observeRequest(route, request.method, reply.statusCode, reply.elapsedTime / 1000);
  });
  if (!config.metrics.enabled) return;
  app.get('/metrics', async (request, reply) => {
    if (config.metrics.token && !bearerMatches(request, config.metrics.token))
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send('Unauthorized: send the metrics token as a Bearer token\n');
    const { contentType, body } = await metrics.render();
    return reply.type(contentType).send(body);
  });
}

function bearerMatches(request: FastifyRequest, token: string): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

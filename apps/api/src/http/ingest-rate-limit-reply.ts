// The 429 of each ingest API, for a request over its rate limit (modules/ingest/ingest-admission.ts).
// Every shape carries Retry-After (whole seconds); each is what that API's SDKs act on.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RateLimitRefusal } from '../modules/ingest/ingest-admission';

const amplitudeEventRoutes = new Set(['/2/httpapi', '/batch']);
const amplitudeIdentifyRoutes = new Set(['/identify', '/groupidentify']);

/** The refusal when `error` is the admission's RATE_LIMITED, else null. */
export function rateLimitRefusalOf(error: unknown): RateLimitRefusal | null {
  const candidate = error as { name?: string; code?: string; details?: RateLimitRefusal } | null;
  return candidate?.name === 'DomainError' && candidate.code === 'RATE_LIMITED' && candidate.details
    ? candidate.details
    : null;
}

export function sendRateLimited(request: FastifyRequest, reply: FastifyReply, refusal: RateLimitRefusal) {
  const route = request.routeOptions.url ?? request.url.split('?')[0]!;
  reply.code(429).header('retry-after', String(refusal.retryAfterSeconds));
  if (amplitudeEventRoutes.has(route)) {
    // Amplitude's SDKs read the body: events listed in `throttled_events` wait 30 s before their
    // next attempt (a 429 without them is retried at the next flush, soon spending every retry).
    // The limit is per key, not per user or device, so those maps stay empty.
    return reply.send({
      code: 429,
      error: 'Too many requests for some devices and users',
      eps_threshold: refusal.requestsPerSecond,
      throttled_devices: {},
      throttled_users: {},
      throttled_events: Array.from({ length: refusal.eventCount }, (_, index) => index),
    });
  }
  if (amplitudeIdentifyRoutes.has(route)) return reply.send({ code: 429, error: 'Too many requests' });
  // Segment (every other ingest route): its SDKs wait Retry-After without spending a retry;
  // analytics.js reads X-RateLimit-Reset, in seconds to wait.
  return reply
    .header('x-ratelimit-reset', String(refusal.retryAfterSeconds))
    .send({ success: false, error: 'Too many requests' });
}

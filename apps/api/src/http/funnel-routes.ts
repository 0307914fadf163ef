// A funnel bar's Microscope as CSV: every group or person behind it, streamed. Authenticated like
// /graphql; the point is the GraphQL FunnelPointInput as JSON, in a POST body or as `?point=`.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { createGraphqlContext } from '../graphql/context';
import { httpStatusByCode } from '../graphql/error-mapping';
import { DomainError } from '../lib/domain-error';
import { funnelMicroscopeCsvLines } from '../modules/analysis/funnel-csv';
import type { Services } from '../services';

function pointOf(body: unknown, query: unknown): unknown {
  const fromBody = (body as { point?: unknown } | null | undefined)?.point;
  if (fromBody !== undefined) return fromBody;
  const text = (query as { point?: unknown } | undefined)?.point;
  if (typeof text !== 'string') {
    throw new DomainError('INVALID_INPUT', 'Send the funnel bar as {"point": …} in the body or as ?point=<JSON>.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError('INVALID_INPUT', '?point= must be the funnel bar as JSON (FunnelPointInput).');
  }
}

export function registerFunnelRoutes(app: FastifyInstance, services: Services): void {
  app.route({
    url: '/analysis/funnel-microscope.csv',
    method: ['GET', 'POST'],
    handler: async (request, reply) => {
      try {
        const { viewer } = await createGraphqlContext(services, request.headers.authorization, request.headers.cookie);
        if (!viewer) throw new DomainError('UNAUTHENTICATED', 'Missing or invalid API key.');
        const point = pointOf(request.body, request.query);
        const members = services.funnels.microscopeAll(viewer.project, point);
        // The first member (or the end) is awaited before answering, so an invalid point is a 400, not a broken download.
        const first = await members.next();
        const query = (point as { query: { countedBy?: string; steps: unknown[] } }).query;
        async function* all() {
          if (!first.done) yield first.value;
          yield* members;
        }
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header('content-disposition', 'attachment; filename="funnel-microscope.csv"');
        const lines = funnelMicroscopeCsvLines(
          query.countedBy === 'PEOPLE' ? 'PEOPLE' : 'GROUPS',
          query.steps.length,
          all(),
        );
        return reply.send(Readable.from(lines));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return reply.code(httpStatusByCode[error.code]).send({ error: error.message, code: error.code });
      }
    },
  });
}

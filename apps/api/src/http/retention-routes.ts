// Microscope's CSV download for a retention cell: every retained or lost group or person, streamed.
// Authenticated like /graphql and /analysis/microscope.csv; the cell is the GraphQL
// RetentionCellInput as JSON, in a POST body or, for plain download links, `?cell=`.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { createGraphqlContext } from '../graphql/context';
import { httpStatusByCode } from '../graphql/error-mapping';
import { DomainError } from '../lib/domain-error';
import { retentionCsvLines } from '../modules/analysis/retention-csv';
import type { Services } from '../services';

function cellOf(body: unknown, query: unknown): unknown {
  const fromBody = (body as { cell?: unknown } | null | undefined)?.cell;
  if (fromBody !== undefined) return fromBody;
  const text = (query as { cell?: unknown } | undefined)?.cell;
  if (typeof text !== 'string') {
    throw new DomainError('INVALID_INPUT', 'Send the retention cell as {"cell": …} in the body or as ?cell=<JSON>.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError('INVALID_INPUT', '?cell= must be the retention cell as JSON (RetentionCellInput).');
  }
}

export function registerRetentionRoutes(app: FastifyInstance, services: Services): void {
  app.route({
    url: '/analysis/retention-microscope.csv',
    method: ['GET', 'POST'],
    handler: async (request, reply) => {
      try {
        const { viewer } = await createGraphqlContext(services, request.headers.authorization, request.headers.cookie);
        if (!viewer) throw new DomainError('UNAUTHENTICATED', 'Missing or invalid API key.');
        const cell = cellOf(request.body, request.query);
        const members = services.retention.allMembers(viewer.project, cell);
        // The first member (or the end) is awaited before answering, so an invalid cell is a 400, not a broken download.
        const first = await members.next();
        const countedBy =
          (cell as { query?: { countedBy?: string } }).query?.countedBy === 'PEOPLE' ? 'PEOPLE' : 'GROUPS';
        async function* all() {
          if (!first.done) yield first.value;
          yield* members;
        }
        reply.header('content-type', 'text/csv; charset=utf-8');
        reply.header('content-disposition', 'attachment; filename="retention.csv"');
        return reply.send(Readable.from(retentionCsvLines(countedBy, all())));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return reply.code(httpStatusByCode[error.code]).send({ error: error.message, code: error.code });
      }
    },
  });
}

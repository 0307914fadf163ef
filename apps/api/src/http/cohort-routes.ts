// Cohort files and downloads over plain HTTP, authenticated exactly like /graphql (a key in
// Authorization, else the web session cookie):
// - POST /cohorts/import?name=…&groupType=… with the file as the body (any content type): a static
//   cohort, answered with the cohort and the line report. Larger than GraphQL's 1 MB body limit, so
//   a 100,000-line file fits; the bytes must be UTF-8 (checked strictly here).
// - GET /cohorts/:id/members.csv: every member, streamed.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { createGraphqlContext } from '../graphql/context';
import { httpStatusByCode } from '../graphql/error-mapping';
import { DomainError } from '../lib/domain-error';
import { cohortMembersCsvLines } from '../modules/cohorts/cohort-csv';
import type { Services } from '../services';

/** 100,000 lines of up to ~300 bytes. */
const importBodyLimit = 32 * 1024 * 1024;

function decodeUtf8(body: unknown): string {
  if (typeof body === 'string') return body;
  if (!Buffer.isBuffer(body)) throw new DomainError('INVALID_INPUT', 'Send the file as the request body.');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    throw new DomainError(
      'INVALID_INPUT',
      'The file is not valid UTF-8; save it as UTF-8 and import it again. Nothing was imported.',
    );
  }
}

function textParameter(query: unknown, name: string): string {
  const value = (query as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== 'string') throw new DomainError('INVALID_INPUT', `Give "${name}" in the query string.`);
  return value;
}

export function registerCohortRoutes(app: FastifyInstance, services: Services): void {
  const answerError = (error: unknown, reply: { code(status: number): { send(body: unknown): unknown } }) => {
    if (!(error instanceof DomainError)) throw error;
    return reply.code(httpStatusByCode[error.code]).send({ error: error.message, code: error.code });
  };

  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: importBodyLimit }, (_request, body, done) =>
      done(null, body),
    );
    scope.post('/cohorts/import', { bodyLimit: importBodyLimit }, async (request, reply) => {
      try {
        const { viewer } = await createGraphqlContext(services, request.headers.authorization, request.headers.cookie);
        if (!viewer) throw new DomainError('UNAUTHENTICATED', 'Missing or invalid API key.');
        if (viewer.access !== 'admin') {
          throw new DomainError(
            'FORBIDDEN',
            'Importing a cohort needs the project secret key; the key sent may only read.',
          );
        }
        const { cohort, report } = await services.cohorts.importFile(viewer.project, {
          name: textParameter(request.query, 'name'),
          groupType: textParameter(request.query, 'groupType'),
          content: decodeUtf8(request.body ?? Buffer.alloc(0)),
        });
        return reply.send({ cohort: { id: cohort.id, name: cohort.name, size: cohort.size }, report });
      } catch (error) {
        return answerError(error, reply);
      }
    });
  });

  app.get<{ Params: { id: string } }>('/cohorts/:id/members.csv', async (request, reply) => {
    try {
      const { viewer } = await createGraphqlContext(services, request.headers.authorization, request.headers.cookie);
      if (!viewer) throw new DomainError('UNAUTHENTICATED', 'Missing or invalid API key.');
      const id = Number(request.params.id);
      if (!Number.isInteger(id) || id < 1) throw new DomainError('INVALID_INPUT', 'The cohort id is a whole number.');
      const cohort = await services.cohorts.require(viewer.project.id, id);
      const groupType = await services.cohorts.groupTypeOf(viewer.project.id, cohort.groupTypeId);
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="cohort-${cohort.id}.csv"`);
      return reply.send(
        Readable.from(
          cohortMembersCsvLines(groupType?.name ?? '', services.cohorts.allMembers(viewer.project.id, cohort.id)),
        ),
      );
    } catch (error) {
      return answerError(error, reply);
    }
  });
}

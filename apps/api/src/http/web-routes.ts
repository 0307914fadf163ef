// The browser's side of the server: sessions (POST /auth/session, /auth/logout) and,
// when the web app is built, Next.js mounted as the catch-all so one process and one port serve
// the dashboard, the API and ingest. Next gets the raw Node request: Fastify must not touch it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { repositoryRoot } from '../database/paths';
import { clearSessionCookie, serializeSessionCookie } from '../modules/web-session/web-session.cookie';
import type { Services } from '../services';

export const webAppDirectory = join(repositoryRoot, 'apps/web');

export function webAppIsBuilt(directory = webAppDirectory): boolean {
  return existsSync(join(directory, '.next', 'BUILD_ID'));
}

interface SessionRequestBody {
  key?: string;
  loginToken?: string;
}

const sessionRequestSchema = {
  body: {
    type: 'object',
    properties: {
      key: { type: 'string', minLength: 1, maxLength: 200 },
      loginToken: { type: 'string', minLength: 1, maxLength: 1000 },
    },
    additionalProperties: false,
  },
} as const;

export async function registerWebRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const isSecure = (request: FastifyRequest) => request.protocol === 'https';

  app.post<{ Body: SessionRequestBody }>('/auth/session', { schema: sessionRequestSchema }, async (request, reply) => {
    const { key, loginToken } = request.body ?? {};
    const session = key
      ? await services.webSessions.createSessionFromKey(key)
      : loginToken
        ? await services.webSessions.createSessionFromLoginToken(loginToken)
        : null;
    if (!session) {
      const message =
        loginToken && !key
          ? 'This sign-in link has expired or is not valid. Restart leadmaps for a fresh link, or paste a read key.'
          : 'That key is not valid. Paste a read key (lm_read_…) or the project secret key (lm_secret_…).';
      return reply.code(401).send({ error: message });
    }
    reply.header(
      'set-cookie',
      serializeSessionCookie(session.token, { maxAgeSeconds: session.maxAgeSeconds, secure: isSecure(request) }),
    );
    reply.header('cache-control', 'no-store');
    return { project: { id: session.project.id, name: session.project.name }, access: session.access };
  });

  app.post('/auth/logout', async (request, reply) => {
    reply.header('set-cookie', clearSessionCookie(isSecure(request)));
    return reply.code(204).send();
  });

  if (!services.config.webEnabled) return;
  if (!webAppIsBuilt()) {
    services.logger.warn(
      { directory: webAppDirectory },
      'the web app is not built: run `npm start` (builds it) or `npm run build -w @leadmaps/web`; serving the API only',
    );
    return;
  }
  await mountNextApp(app, services);
}

/**
 * Prints where the dashboard is and a one-click sign-in link (valid 15 minutes) for `projectId`,
 * or for the oldest project when none is given. The link's token sits in the URL fragment, which
 * browsers never send to servers or proxies.
 */
export async function announceWebApp(services: Services, url: string, projectId?: number): Promise<void> {
  if (!services.config.webEnabled || !webAppIsBuilt()) return;
  const baseUrl = services.config.publicUrl ?? url;
  const link =
    projectId === undefined
      ? await services.webSessions.createLoginLinkForFirstProject(baseUrl)
      : await services.webSessions.createLoginLink(projectId, baseUrl);
  if (!link) return;
  // Beside the startup banner, in the same plain style: this is for the person at the terminal.
  process.stdout.write(
    `Sign in to the dashboard (one click, valid 15 minutes):\n  ${link}\n  Later, paste a read key at ${baseUrl.replace(/\/+$/, '')}/login\n\n`,
  );
}

async function mountNextApp(app: FastifyInstance, services: Services): Promise<void> {
  // Loaded only here so API-only processes (tests, workers) never pay for Next's startup.
  const { default: createNextServer } = await import('next');
  const nextServer = createNextServer({
    dev: false,
    dir: webAppDirectory,
    quiet: services.config.environment === 'test',
  });
  await nextServer.prepare();
  const handle = nextServer.getRequestHandler();
  app.route({
    method: 'GET',
    url: '/*',
    handler: async (request, reply) => {
      reply.hijack();
      await handle(request.raw, reply.raw);
    },
  });
  app.addHook('onClose', async () => nextServer.close());
}

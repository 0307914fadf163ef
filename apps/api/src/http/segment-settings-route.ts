// What Segment's CDN answers analytics-next at load (`<cdnURL>/v1/projects/<writeKey>/settings`),
// reduced to the Segment.io destination pointed back at this server. With it, a site needs only
// `AnalyticsBrowser.load({ writeKey, cdnURL: '<leadmaps URL>' })`: nothing is fetched from or
// sent to Segment.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Services } from '../services';

export function segmentSettingsRoute(app: FastifyInstance, services: Services) {
  app.get<{ Params: { writeKey: string } }>('/v1/projects/:writeKey/settings', async (request, reply) => {
    const { writeKey } = request.params;
    const project = await services.ingestAdmission.admit(writeKey, request.ip);
    // The library refuses to load on an error, so a wrong key shows at once, not as lost events.
    if (!project) return reply.code(404).send({ success: false, error: 'Invalid write key' });
    const { protocol, apiHost } = ingestLocation(request, services.config.publicUrl);
    // A configured public URL is the same for everyone; otherwise the answer follows the Host
    // header, which no shared cache should keep.
    reply.header('cache-control', `${services.config.publicUrl ? 'public' : 'private'}, max-age=300`);
    return {
      integrations: { 'Segment.io': { apiKey: writeKey, apiHost, protocol } },
      // analytics-next reports its own metrics to `<host>/m` unless sampled out.
      metrics: { sampleRate: 0, host: apiHost, protocol },
      remotePlugins: [],
      enabledMiddleware: {},
      middlewareSettings: {},
      legacyVideoPluginsEnabled: false,
    };
  });
}

/** analytics-next sends to `<protocol>://<apiHost>/<t|i|p|g|a|s|b>`: apiHost is host and path, no scheme. */
function ingestLocation(request: FastifyRequest, publicUrl: string | undefined) {
  if (publicUrl) {
    const url = new URL(publicUrl);
    return { protocol: url.protocol.replace(':', ''), apiHost: `${url.host}${url.pathname.replace(/\/+$/, '')}/v1` };
  }
  return { protocol: request.protocol, apiHost: `${request.host}/v1` };
}

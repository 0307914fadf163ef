import { EventsReader } from '../modules/events/events-reader';
import { PeopleReader } from '../modules/people/people-reader';
import type { ProjectDataVersion } from '../modules/analytics/queries/project-data-version.query';
import type { RequestContext } from '../modules/projects/request-context';
import type { Services } from '../services';

/** Every resolver's context: each module's resolvers declare the part they use (a RequestContext). */
export interface GraphqlContext extends RequestContext<Services> {
  /**
   * Where the viewer's project data stands, read at most once per request and only when asked
   * for (the response cache's key, the Groups list's caches). A function holding its own memo, so
   * the shallow copies Apollo makes of the context share one read.
   */
  dataVersion(): Promise<ProjectDataVersion>;
  /**
   * Set when the answer may go into the response cache; cleared when it carries errors. An object
   * because Apollo hands resolvers and plugins a shallow copy of the context.
   */
  responseCache?: { storable: boolean };
  /**
   * The request's batched readers of people, groups and events (one statement per level of a
   * nested query). Null without a viewer. Objects, so Apollo's shallow copies share them.
   */
  peopleReader: PeopleReader | null;
  eventsReader: EventsReader | null;
}

export async function createGraphqlContext(
  services: Services,
  authorization: string | undefined,
  cookieHeader?: string,
): Promise<GraphqlContext> {
  const viewer = await authenticateViewer(services, authorization, cookieHeader);
  // Read your writes: every event acknowledged before this request is in the rollups it reads
  // (they are folded in just after ingest commits; see modules/rollups/rollup-folder.ts).
  if (viewer) await services.rollups.catchUp(viewer.project.id);
  let version: Promise<ProjectDataVersion> | undefined;
  const dataVersion = () => {
    if (!viewer) return Promise.reject(new Error('the data version needs an authenticated viewer'));
    version ??= services.groupAnalytics.readDataVersion(viewer.project);
    return version;
  };
  const peopleReader = viewer ? new PeopleReader(services.database, viewer.project) : null;
  const eventsReader = viewer ? new EventsReader(services.database, viewer.project) : null;
  return { services, viewer, dataVersion, peopleReader, eventsReader };
}

async function authenticateViewer(
  services: Services,
  authorization: string | undefined,
  cookieHeader?: string,
): Promise<GraphqlContext['viewer']> {
  // The web app's browser session (an httpOnly cookie) has the role of the key that opened it; an
  // Authorization header, when present, always wins so a wrong key is never silently replaced by the cookie.
  if (!authorization) {
    const session = await services.webSessions.authenticateCookie(cookieHeader);
    return session ? { ...session, credential: 'browser_session' } : null;
  }
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  const viewer = match ? await services.projects.authenticate(match[1]!) : null;
  return viewer ? { ...viewer, credential: 'api_key' } : null;
}

// What a resolver reads from a GraphQL request: who is asking and the services it calls.
// graphql/context.ts builds it; modules only declare what they need from it, so they never
// import graphql/ (which imports them).
import { DomainError } from '../../lib/domain-error';
import type { ProjectRecord } from './project.repository';
import type { ProjectAccess } from './project.service';

/** The project a key (or the web session) opened, and what that key may do. */
export interface Viewer {
  project: ProjectRecord;
  access: ProjectAccess;
  /** How the request proved it: an Authorization header or the web app's session cookie. */
  credential?: 'api_key' | 'browser_session';
}

export interface RequestContext<TServices = object> {
  services: TServices;
  /** Null when the request carried no valid key: every resolver is denied by default then. */
  viewer: Viewer | null;
}

export function requireViewer(context: { viewer: Viewer | null }): Viewer {
  if (!context.viewer) throw new DomainError('UNAUTHENTICATED', 'Missing or invalid API key.');
  return context.viewer;
}

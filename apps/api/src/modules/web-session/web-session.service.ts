import { createHmac, randomBytes } from 'node:crypto';
import type { ProjectRecord } from '../projects/project.repository';
import type { ProjectService } from '../projects/project.service';
import { readSessionCookie } from './web-session.cookie';
import type { WebSessionRepository } from './web-session.repository';
import { peekWebToken, signWebToken, verifyWebToken, type WebTokenKind } from './web-session.tokens';

export const sessionLifetimeSeconds = 14 * 24 * 60 * 60;
/** Long enough to click the link printed at startup, short enough that a leaked log line is stale. */
export const loginLinkLifetimeSeconds = 15 * 60;

export interface ReadSession {
  token: string;
  maxAgeSeconds: number;
  project: ProjectRecord;
}

/**
 * Browser sessions that may only read. Whatever proves who you are (a read key, the secret key,
 * a login link), the browser gets a signed cookie with read access, never the key itself.
 */
export class WebSessionService {
  private readonly secrets = new Map<number, Promise<string>>();

  constructor(
    private readonly repository: WebSessionRepository,
    private readonly projects: ProjectService,
    private readonly configuredSecret: string | undefined,
  ) {}

  /** Exchanges an API key (read or secret) for a read-only session; null when the key is unknown. */
  async createSessionFromKey(apiKey: string): Promise<ReadSession | null> {
    const viewer = await this.projects.authenticate(apiKey.trim());
    return viewer ? this.createSession(viewer.project) : null;
  }

  /** Exchanges a login token from a startup link for a session; null when forged or expired. */
  async createSessionFromLoginToken(loginToken: string): Promise<ReadSession | null> {
    const project = await this.verify(loginToken, 'login');
    return project ? this.createSession(project) : null;
  }

  /** The project a Cookie header's session grants read access to, or null. */
  async authenticateCookie(cookieHeader: string | undefined): Promise<ProjectRecord | null> {
    const token = readSessionCookie(cookieHeader);
    return token ? this.verify(token, 'session') : null;
  }

  /** A one-click sign-in link for a project, e.g. printed at startup for the demo project. */
  async createLoginLink(projectId: number, baseUrl: string): Promise<string> {
    const token = signWebToken(
      { projectId, kind: 'login', expiresAt: nowSeconds() + loginLinkLifetimeSeconds },
      await this.secretFor(projectId),
    );
    return `${baseUrl.replace(/\/+$/, '')}/login#token=${token}`;
  }

  /** The sign-in link for the oldest project (the demo project on a fresh install), or null when there is none. */
  async createLoginLinkForFirstProject(baseUrl: string): Promise<string | null> {
    const projectId = await this.repository.findFirstProjectId();
    return projectId === null ? null : this.createLoginLink(projectId, baseUrl);
  }

  private async createSession(project: ProjectRecord): Promise<ReadSession> {
    const token = signWebToken(
      { projectId: project.id, kind: 'session', expiresAt: nowSeconds() + sessionLifetimeSeconds },
      await this.secretFor(project.id),
    );
    return { token, maxAgeSeconds: sessionLifetimeSeconds, project };
  }

  private async verify(token: string, kind: WebTokenKind): Promise<ProjectRecord | null> {
    const claimed = peekWebToken(token);
    if (!claimed || claimed.kind !== kind) return null;
    // Look the project up first so a forged token never makes us store a secret for a stranger.
    const project = await this.projects.getProject(claimed.projectId);
    if (!project) return null;
    return verifyWebToken(token, await this.secretFor(project.id), kind) ? project : null;
  }

  private secretFor(projectId: number): Promise<string> {
    // A configured secret is shared by every project: derive one per project so a token signed for
    // one project can never verify for another even if the payload check were ever loosened.
    if (this.configuredSecret) {
      return Promise.resolve(
        createHmac('sha256', this.configuredSecret).update(`leadmaps-web-session:${projectId}`).digest('base64url'),
      );
    }
    let secret = this.secrets.get(projectId);
    if (!secret) {
      secret = this.loadOrCreateSecret(projectId);
      secret.catch(() => this.secrets.delete(projectId));
      this.secrets.set(projectId, secret);
    }
    return secret;
  }

  private async loadOrCreateSecret(projectId: number): Promise<string> {
    return (
      (await this.repository.findSecret(projectId)) ??
      this.repository.storeSecretOnce(projectId, randomBytes(32).toString('base64url'))
    );
  }
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

import { createHmac, randomBytes } from 'node:crypto';
import type { ProjectRecord } from '../projects/project.repository';
import type { ProjectAccess, ProjectService } from '../projects/project.service';
import { readSessionCookie } from './web-session.cookie';
import type { WebSessionRepository } from './web-session.repository';
import {
  peekWebToken,
  signWebToken,
  verifyWebToken,
  type WebSessionRole,
  type WebTokenKind,
  type WebTokenPayload,
} from './web-session.tokens';

export const sessionLifetimeSeconds = 14 * 24 * 60 * 60;
/** Long enough to click the link printed at startup, short enough that a leaked log line is stale. */
export const loginLinkLifetimeSeconds = 15 * 60;

export interface WebSession {
  token: string;
  maxAgeSeconds: number;
  project: ProjectRecord;
  access: ProjectAccess;
}

export interface SessionViewer {
  project: ProjectRecord;
  access: ProjectAccess;
}

/**
 * Browser sessions. The browser gets a signed cookie, never the key itself, with the role of what
 * opened it: the secret key opens an admin session (ended when the secret key is rotated), a read
 * key or a one-click login link (printed at startup, so possibly kept in a log) a read-only one.
 */
export class WebSessionService {
  private readonly secrets = new Map<number, Promise<string>>();

  constructor(
    private readonly repository: WebSessionRepository,
    private readonly projects: ProjectService,
    private readonly configuredSecret: string | undefined,
  ) {}

  /** Exchanges an API key for a session: admin for the secret key, read-only for a read key; null when unknown. */
  async createSessionFromKey(apiKey: string): Promise<WebSession | null> {
    const viewer = await this.projects.authenticate(apiKey.trim());
    return viewer ? this.createSession(viewer.project, viewer.access) : null;
  }

  /** Exchanges a login token from a startup link for a read-only session; null when forged or expired. */
  async createSessionFromLoginToken(loginToken: string): Promise<WebSession | null> {
    const verified = await this.verify(loginToken, 'login');
    return verified ? this.createSession(verified.project, 'read') : null;
  }

  /** The project and role a Cookie header's session grants, or null. */
  async authenticateCookie(cookieHeader: string | undefined): Promise<SessionViewer | null> {
    const token = readSessionCookie(cookieHeader);
    if (!token) return null;
    const verified = await this.verify(token, 'session');
    if (!verified) return null;
    if (verified.payload.role !== 'admin') return { project: verified.project, access: 'read' };
    // An admin session opened with a secret key that has since been rotated is over: the key
    // may have leaked, and whoever held it must not keep the session it opened.
    const fingerprint = await this.projects.secretKeyFingerprint(verified.project.id);
    return fingerprint !== null && fingerprint === verified.payload.keyFingerprint
      ? { project: verified.project, access: 'admin' }
      : null;
  }

  /** A one-click sign-in link for a project, e.g. printed at startup for the demo project. */
  async createLoginLink(projectId: number, baseUrl: string): Promise<string> {
    const token = signWebToken(
      { projectId, kind: 'login', expiresAt: nowSeconds() + loginLinkLifetimeSeconds, role: 'read' },
      await this.secretFor(projectId),
    );
    return `${baseUrl.replace(/\/+$/, '')}/login#token=${token}`;
  }

  /** The sign-in link for the oldest project (the demo project on a fresh install), or null when there is none. */
  async createLoginLinkForFirstProject(baseUrl: string): Promise<string | null> {
    const projectId = await this.repository.findFirstProjectId();
    return projectId === null ? null : this.createLoginLink(projectId, baseUrl);
  }

  private async createSession(project: ProjectRecord, access: ProjectAccess): Promise<WebSession> {
    const role: WebSessionRole = access;
    const payload: WebTokenPayload = {
      projectId: project.id,
      kind: 'session',
      expiresAt: nowSeconds() + sessionLifetimeSeconds,
      role,
    };
    if (role === 'admin') {
      const fingerprint = await this.projects.secretKeyFingerprint(project.id);
      if (fingerprint === null) throw new Error(`project ${project.id} vanished while signing in`);
      payload.keyFingerprint = fingerprint;
    }
    const token = signWebToken(payload, await this.secretFor(project.id));
    return { token, maxAgeSeconds: sessionLifetimeSeconds, project, access };
  }

  private async verify(
    token: string,
    kind: WebTokenKind,
  ): Promise<{ project: ProjectRecord; payload: WebTokenPayload } | null> {
    const claimed = peekWebToken(token);
    if (!claimed || claimed.kind !== kind) return null;
    // Look the project up first so a forged token never makes us store a secret for a stranger.
    const project = await this.projects.getProject(claimed.projectId);
    if (!project) return null;
    const payload = verifyWebToken(token, await this.secretFor(project.id), kind);
    return payload ? { project, payload } : null;
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

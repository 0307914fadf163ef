import type { Database } from '../../database/database';

export class WebSessionRepository {
  constructor(private readonly database: Database) {}

  async findSecret(projectId: number): Promise<string | null> {
    const row = await this.database.webSessionSecret.findUnique({ where: { projectId }, select: { secret: true } });
    return row?.secret ?? null;
  }

  /** Stores the secret unless another process stored one first; returns the one that won. */
  async storeSecretOnce(projectId: number, secret: string): Promise<string> {
    await this.database.$executeRaw`
      INSERT INTO web_session_secret (project_id, secret) VALUES (${projectId}, ${secret})
      ON CONFLICT (project_id) DO NOTHING`;
    const stored = await this.findSecret(projectId);
    if (!stored) throw new Error(`web session secret for project ${projectId} vanished after insert`);
    return stored;
  }

  /** The oldest project (the demo project on a fresh install), for the startup sign-in link. */
  async findFirstProjectId(): Promise<number | null> {
    const row = await this.database.project.findFirst({ orderBy: { id: 'asc' }, select: { id: true } });
    return row?.id ?? null;
  }
}

import { sql } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';

export class WebSessionRepository {
  constructor(private readonly database: SqlExecutor) {}

  async findSecret(projectId: number): Promise<string | null> {
    const rows = await this.database.query<{ secret: string }>(
      sql`SELECT secret FROM web_session_secret WHERE project_id = ${projectId}`,
    );
    return rows[0]?.secret ?? null;
  }

  /** Stores the secret unless another process stored one first; returns the one that won. */
  async storeSecretOnce(projectId: number, secret: string): Promise<string> {
    await this.database.execute(sql`
      INSERT INTO web_session_secret (project_id, secret) VALUES (${projectId}, ${secret})
      ON CONFLICT (project_id) DO NOTHING`);
    const stored = await this.findSecret(projectId);
    if (!stored) throw new Error(`web session secret for project ${projectId} vanished after insert`);
    return stored;
  }

  /** The oldest project (the demo project on a fresh install), for the startup sign-in link. */
  async findFirstProjectId(): Promise<number | null> {
    const rows = await this.database.query<{ id: number }>(sql`SELECT id FROM project ORDER BY id LIMIT 1`);
    return rows[0]?.id ?? null;
  }
}

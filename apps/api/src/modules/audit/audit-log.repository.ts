// The settings audit log: one row per change, written inside the change's own transaction so a
// change and its record commit or roll back together.
import { emptySql, sql } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';

/** Who made a change: the kind of credential, never the credential itself. */
export type AuditActor = 'secret_key' | 'admin_session' | 'command_line';

export interface SettingsChange {
  actor: AuditActor;
  /** What changed, e.g. `project.time_zone`, `group_type.display_names`, `keys.rotate_read`. */
  action: string;
  /** What within the project it changed, when not the project itself (a group type's name). */
  subject?: string | null;
  before: unknown;
  after: unknown;
}

export interface AuditLogRow {
  id: string;
  actor: AuditActor;
  action: string;
  subject: string | null;
  before: unknown;
  after: unknown;
  createdAt: Date;
}

export async function recordSettingsChange(
  client: SqlExecutor,
  projectId: number,
  change: SettingsChange,
): Promise<void> {
  await client.execute(sql`
    INSERT INTO settings_audit_log (project_id, actor, action, subject, before, after)
    VALUES (${projectId}, ${change.actor}, ${change.action}, ${change.subject ?? null},
      ${JSON.stringify(change.before ?? null)}::jsonb, ${JSON.stringify(change.after ?? null)}::jsonb)`);
}

/** Newest first; `beforeId` continues after the last row of the previous page. */
export async function listSettingsChanges(
  client: SqlExecutor,
  projectId: number,
  page: { limit: number; beforeId: string | null },
): Promise<AuditLogRow[]> {
  const after = page.beforeId === null ? emptySql : sql`AND id < ${page.beforeId}::bigint`;
  return client.query<AuditLogRow>(sql`
    SELECT id::text AS id, actor, action, subject, before, after, created_at AS "createdAt"
    FROM settings_audit_log
    WHERE project_id = ${projectId} ${after}
    ORDER BY id DESC
    LIMIT ${page.limit}`);
}

/** The actor of a GraphQL request: the web app's admin session or the secret key over the API. */
export function auditActorOf(viewer: { credential?: 'api_key' | 'browser_session' }): AuditActor {
  return viewer.credential === 'browser_session' ? 'admin_session' : 'secret_key';
}

// Counts for empty states ("no groups yet: send a group key"). The event count stops at a cap
// because it only has to tell nothing from something, and counting a large table exactly would
// scan it.
import { sql, type Sql } from '../../../database/sql';
import type { SqlExecutor } from '../../../database/sql-database';

export const overviewEventCountCap = 100_000;

export interface IngestOverviewRow {
  people: number;
  peopleWithoutGroup: number;
  groups: number;
  events: number;
}

export function buildIngestOverviewSql(projectId: number): Sql {
  return sql`
    SELECT
      (SELECT count(*) FROM app_user WHERE project_id = ${projectId})::int AS people,
      (SELECT count(*) FROM app_user u
        WHERE u.project_id = ${projectId}
          AND NOT EXISTS (SELECT 1 FROM group_member m WHERE m.project_id = ${projectId} AND m.user_id = u.id)
          AND NOT EXISTS (SELECT 1 FROM membership s WHERE s.project_id = ${projectId} AND s.user_id = u.id))::int AS "peopleWithoutGroup",
      (SELECT count(*) FROM "group" WHERE project_id = ${projectId})::int AS groups,
      (SELECT count(*) FROM (SELECT 1 FROM event WHERE project_id = ${projectId} LIMIT ${overviewEventCountCap}) capped)::int AS events`;
}

export async function readIngestOverview(client: SqlExecutor, projectId: number): Promise<IngestOverviewRow> {
  const rows = await client.query<IngestOverviewRow>(buildIngestOverviewSql(projectId));
  return rows[0]!;
}

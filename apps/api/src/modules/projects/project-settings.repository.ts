// Writes to the settings of a project (name, key actions, trend bands, Segment traits, time zone).
import { sql } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';
import { DomainError } from '../../lib/domain-error';

export interface ProjectSettingsRow {
  name: string;
  timeZone: string;
  keyActions: string[];
  trendSteadyPercent: number;
  trendSharpPercent: number;
  segmentGroupTypeTrait: string;
  segmentGroupValueTrait: string | null;
}

/**
 * The settings as stored now, with the project row locked until the transaction ends: two
 * changes of one project then follow each other, and each audit row's "before" is exact.
 */
export async function readSettingsForUpdate(
  client: SqlExecutor,
  projectId: number,
): Promise<ProjectSettingsRow | null> {
  const rows = await client.query<ProjectSettingsRow>(sql`
    SELECT name, time_zone AS "timeZone", key_actions AS "keyActions",
      trend_steady_percent AS "trendSteadyPercent", trend_sharp_percent AS "trendSharpPercent",
      segment_group_type_trait AS "segmentGroupTypeTrait", segment_group_value_trait AS "segmentGroupValueTrait"
    FROM project WHERE id = ${projectId} FOR UPDATE`);
  return rows[0] ?? null;
}

/** readSettingsForUpdate for a change: NOT_FOUND when the project is gone. */
export async function lockSettingsForChange(client: SqlExecutor, projectId: number): Promise<ProjectSettingsRow> {
  const settings = await readSettingsForUpdate(client, projectId);
  if (!settings) throw new DomainError('NOT_FOUND', 'The project no longer exists.');
  return settings;
}

export async function saveKeyActions(
  client: SqlExecutor,
  projectId: number,
  keyActions: readonly string[],
): Promise<void> {
  await client.execute(sql`UPDATE project SET key_actions = ${[...keyActions]}::text[] WHERE id = ${projectId}`);
}

export async function saveTrendThresholds(
  client: SqlExecutor,
  projectId: number,
  steadyPercent: number,
  sharpPercent: number,
): Promise<void> {
  await client.execute(sql`
    UPDATE project SET trend_steady_percent = ${steadyPercent}::float8, trend_sharp_percent = ${sharpPercent}::float8
    WHERE id = ${projectId}`);
}

export async function saveProjectName(client: SqlExecutor, projectId: number, name: string): Promise<void> {
  await client.execute(sql`UPDATE project SET name = ${name} WHERE id = ${projectId}`);
}

export async function saveSegmentTraits(
  client: SqlExecutor,
  projectId: number,
  groupTypeTrait: string,
  groupValueTrait: string | null,
): Promise<void> {
  await client.execute(sql`
    UPDATE project SET segment_group_type_trait = ${groupTypeTrait}, segment_group_value_trait = ${groupValueTrait}
    WHERE id = ${projectId}`);
}

export async function saveTimeZone(client: SqlExecutor, projectId: number, timeZone: string): Promise<void> {
  await client.execute(sql`UPDATE project SET time_zone = ${timeZone} WHERE id = ${projectId}`);
}

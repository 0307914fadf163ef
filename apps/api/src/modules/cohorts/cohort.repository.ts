// Cohorts, their members, sizes over time and membership changes: every statement scoped by project.
import { emptySql, sql, type Sql } from '../../database/sql';
import type { SqlExecutor } from '../../database/sql-database';

export interface CohortRecord {
  id: number;
  name: string;
  groupTypeId: number;
  /** Null for a static cohort. */
  definition: unknown;
  createdAt: Date;
  updatedAt: Date;
  computedAt: Date | null;
  size: number;
  lastError: string | null;
}

export interface CohortMemberRow {
  groupId: bigint;
  value: string;
  name: string;
  enteredAt: Date;
}

export interface CohortSizeRow {
  computedAt: Date;
  size: number;
}

export interface MembershipChangeRow {
  id: bigint;
  groupId: bigint;
  value: string;
  name: string;
  entered: boolean;
  changedAt: Date;
}

const columns = sql`id, name, group_type_id AS "groupTypeId", definition, created_at AS "createdAt",
  updated_at AS "updatedAt", computed_at AS "computedAt", size, last_error AS "lastError"`;

/** A group's display name as groupDisplayName (groups/group-display-name.ts) reads it, with its type's name property joined as t. */
function nameOf(alias: Sql): Sql {
  return sql`CASE
    WHEN jsonb_typeof(${alias}.properties -> t.name_property) = 'string' AND btrim(${alias}.properties ->> t.name_property) <> ''
      THEN ${alias}.properties ->> t.name_property
    WHEN jsonb_typeof(${alias}.properties -> t.name_property) = 'number' THEN ${alias}.properties ->> t.name_property
    ELSE ${alias}.value END`;
}

export class CohortRepository {
  constructor(private readonly database: SqlExecutor) {}

  list(projectId: number): Promise<CohortRecord[]> {
    return this.database.query<CohortRecord>(sql`
      SELECT ${columns} FROM cohort WHERE project_id = ${projectId} AND group_type_id IS NOT NULL ORDER BY lower(name), id`);
  }

  /** By name (case-insensitive), then id; `after` is the (lower-cased name, id) of the last row seen. */
  page(
    projectId: number,
    after: { name: string; id: number } | null,
    limit: number,
  ): Promise<(CohortRecord & { sortName: string })[]> {
    // The cursor carries PostgreSQL's own lower(name), so the keyset compares like the ORDER BY.
    const keyset = after ? sql`AND (lower(name), id) > (${after.name}::text, ${after.id}::int)` : emptySql;
    return this.database.query<CohortRecord & { sortName: string }>(sql`
      SELECT ${columns}, lower(name) AS "sortName" FROM cohort
      WHERE project_id = ${projectId} AND group_type_id IS NOT NULL ${keyset}
      ORDER BY lower(name), id LIMIT ${limit}`);
  }

  async count(projectId: number): Promise<number> {
    const rows = await this.database.query<{ count: number }>(sql`
      SELECT count(*)::int AS count FROM cohort WHERE project_id = ${projectId} AND group_type_id IS NOT NULL`);
    return rows[0]?.count ?? 0;
  }

  async find(projectId: number, id: number, lock = false): Promise<CohortRecord | null> {
    const rows = await this.database.query<CohortRecord>(sql`
      SELECT ${columns} FROM cohort WHERE project_id = ${projectId} AND id = ${id} AND group_type_id IS NOT NULL
      ${lock ? sql`FOR UPDATE` : emptySql}`);
    return rows[0] ?? null;
  }

  /** A project's behavioural cohorts (the schedule's work list). */
  async listBehaviouralIds(projectId: number): Promise<number[]> {
    const rows = await this.database.query<{ id: number }>(sql`
      SELECT id FROM cohort
      WHERE project_id = ${projectId} AND definition IS NOT NULL AND group_type_id IS NOT NULL ORDER BY id`);
    return rows.map((row) => row.id);
  }

  async create(
    projectId: number,
    cohort: { name: string; groupTypeId: number; definition: unknown },
  ): Promise<CohortRecord> {
    const definition = cohort.definition === null ? null : JSON.stringify(cohort.definition);
    const rows = await this.database.query<CohortRecord>(sql`
      INSERT INTO cohort (project_id, name, group_type_id, definition)
      VALUES (${projectId}, ${cohort.name}, ${cohort.groupTypeId}::smallint, ${definition}::jsonb)
      RETURNING ${columns}`);
    return rows[0]!;
  }

  async update(
    projectId: number,
    id: number,
    cohort: { name: string; groupTypeId: number; definition: unknown },
  ): Promise<CohortRecord | null> {
    const definition = cohort.definition === null ? null : JSON.stringify(cohort.definition);
    const rows = await this.database.query<CohortRecord>(sql`
      UPDATE cohort SET name = ${cohort.name}, group_type_id = ${cohort.groupTypeId}::smallint,
        definition = ${definition}::jsonb, updated_at = now()
      WHERE project_id = ${projectId} AND id = ${id}
      RETURNING ${columns}`);
    return rows[0] ?? null;
  }

  async rename(projectId: number, id: number, name: string): Promise<void> {
    await this.database.execute(sql`
      UPDATE cohort SET name = ${name}, updated_at = now() WHERE project_id = ${projectId} AND id = ${id}`);
  }

  async delete(projectId: number, id: number): Promise<boolean> {
    await this.database.execute(sql`DELETE FROM cohort_member WHERE project_id = ${projectId} AND cohort_id = ${id}`);
    await this.database.execute(sql`DELETE FROM cohort_size WHERE project_id = ${projectId} AND cohort_id = ${id}`);
    await this.database.execute(
      sql`DELETE FROM cohort_membership_change WHERE project_id = ${projectId} AND cohort_id = ${id}`,
    );
    return (await this.database.execute(sql`DELETE FROM cohort WHERE project_id = ${projectId} AND id = ${id}`)) > 0;
  }

  /**
   * Makes the members exactly `memberIds` as of `at`: leavers and newcomers are recorded as
   * changes, the size is stamped on the cohort and in its history. Run inside a transaction.
   */
  // The newcomers are an anti-join, not NOT EXISTS: Citus refuses a correlated subquery beside a
  // set-returning function in FROM (docs/scaling.md); PostgreSQL plans both the same way.
  async replaceMembers(projectId: number, cohortId: number, memberIds: readonly bigint[], at: Date): Promise<void> {
    const ids = [...memberIds];
    await this.database.execute(sql`
      INSERT INTO cohort_membership_change (project_id, cohort_id, member_id, entered, changed_at)
      SELECT ${projectId}, ${cohortId}, m.member_id, false, ${at}::timestamptz FROM cohort_member m
      WHERE m.project_id = ${projectId} AND m.cohort_id = ${cohortId} AND NOT (m.member_id = ANY(${ids}::bigint[]))`);
    await this.database.execute(sql`
      DELETE FROM cohort_member
      WHERE project_id = ${projectId} AND cohort_id = ${cohortId} AND NOT (member_id = ANY(${ids}::bigint[]))`);
    await this.database.execute(sql`
      INSERT INTO cohort_membership_change (project_id, cohort_id, member_id, entered, changed_at)
      SELECT ${projectId}, ${cohortId}, n.id, true, ${at}::timestamptz FROM unnest(${ids}::bigint[]) n(id)
      LEFT JOIN cohort_member m ON m.project_id = ${projectId} AND m.cohort_id = ${cohortId} AND m.member_id = n.id
      WHERE m.member_id IS NULL`);
    await this.database.execute(sql`
      INSERT INTO cohort_member (project_id, cohort_id, member_id, entered_at)
      SELECT ${projectId}, ${cohortId}, n.id, ${at}::timestamptz FROM unnest(${ids}::bigint[]) n(id)
      ON CONFLICT DO NOTHING`);
    await this.database.execute(sql`
      UPDATE cohort SET computed_at = ${at}::timestamptz, size = ${ids.length}::int, last_error = NULL
      WHERE project_id = ${projectId} AND id = ${cohortId}`);
    await this.database.execute(sql`
      INSERT INTO cohort_size (project_id, cohort_id, computed_at, size)
      VALUES (${projectId}, ${cohortId}, ${at}::timestamptz, ${ids.length}::int)
      ON CONFLICT (project_id, cohort_id, computed_at) DO UPDATE SET size = EXCLUDED.size`);
  }

  async recordError(projectId: number, cohortId: number, message: string): Promise<void> {
    await this.database.execute(sql`
      UPDATE cohort SET last_error = ${message} WHERE project_id = ${projectId} AND id = ${cohortId}`);
  }

  /** A page of members in group id order, after the id `afterId`; `limit` null: every member. */
  members(
    projectId: number,
    cohortId: number,
    afterId: bigint | null,
    limit: number | null,
  ): Promise<CohortMemberRow[]> {
    return this.database.query<CohortMemberRow>(sql`
      SELECT m.member_id AS "groupId", g.value, ${nameOf(sql`g`)} AS name, m.entered_at AS "enteredAt"
      FROM cohort_member m
      JOIN "group" g ON g.project_id = ${projectId} AND g.id = m.member_id
      JOIN group_type t ON t.project_id = ${projectId} AND t.id = g.group_type_id
      WHERE m.project_id = ${projectId} AND m.cohort_id = ${cohortId}
        ${afterId === null ? emptySql : sql`AND m.member_id > ${afterId}`}
      ORDER BY m.member_id
      ${limit === null ? emptySql : sql`LIMIT ${limit}`}`);
  }

  /** Groups by id, named, in id order (a preview's first members; entered now). */
  namesOf(projectId: number, groupIds: readonly bigint[]): Promise<CohortMemberRow[]> {
    return this.database.query<CohortMemberRow>(sql`
      SELECT g.id AS "groupId", g.value, ${nameOf(sql`g`)} AS name, now() AS "enteredAt"
      FROM "group" g JOIN group_type t ON t.project_id = ${projectId} AND t.id = g.group_type_id
      WHERE g.project_id = ${projectId} AND g.id = ANY(${[...groupIds]}::bigint[])
      ORDER BY g.id`);
  }

  sizes(projectId: number, cohortId: number): Promise<CohortSizeRow[]> {
    return this.database.query<CohortSizeRow>(sql`
      SELECT computed_at AS "computedAt", size FROM cohort_size
      WHERE project_id = ${projectId} AND cohort_id = ${cohortId} ORDER BY computed_at`);
  }

  /**
   * Newest first, before the computation time `before` (the text of a previous row's cursorKey:
   * PostgreSQL's own microseconds, so the keyset compares exactly).
   */
  sizesPage(
    projectId: number,
    cohortId: number,
    before: string | null,
    limit: number,
  ): Promise<(CohortSizeRow & { cursorKey: string })[]> {
    const keyset = before ? sql`AND computed_at < ${before}::timestamptz` : emptySql;
    return this.database.query<CohortSizeRow & { cursorKey: string }>(sql`
      SELECT computed_at AS "computedAt", size, to_json(computed_at) #>> '{}' AS "cursorKey" FROM cohort_size
      WHERE project_id = ${projectId} AND cohort_id = ${cohortId} ${keyset}
      ORDER BY computed_at DESC LIMIT ${limit}`);
  }

  /** Newest first, before the change id `beforeId`. */
  changes(projectId: number, cohortId: number, beforeId: bigint | null, limit: number): Promise<MembershipChangeRow[]> {
    return this.database.query<MembershipChangeRow>(sql`
      SELECT c.id, c.member_id AS "groupId", g.value, ${nameOf(sql`g`)} AS name, c.entered, c.changed_at AS "changedAt"
      FROM cohort_membership_change c
      JOIN "group" g ON g.project_id = ${projectId} AND g.id = c.member_id
      JOIN group_type t ON t.project_id = ${projectId} AND t.id = g.group_type_id
      WHERE c.project_id = ${projectId} AND c.cohort_id = ${cohortId}
        ${beforeId === null ? emptySql : sql`AND c.id < ${beforeId}`}
      ORDER BY c.id DESC
      LIMIT ${limit}`);
  }

  /** The cohorts a group belongs to. */
  cohortsOfGroup(projectId: number, groupId: bigint): Promise<CohortRecord[]> {
    return this.database.query<CohortRecord>(sql`
      SELECT ${columns} FROM cohort
      WHERE project_id = ${projectId} AND id IN (
        SELECT cohort_id FROM cohort_member WHERE project_id = ${projectId} AND member_id = ${groupId})
      ORDER BY lower(name), id`);
  }

  /** Groups of a type whose name property is one of `texts`. */
  groupsByName(
    projectId: number,
    groupTypeId: number,
    nameProperty: string,
    texts: readonly string[],
  ): Promise<{ text: string; id: bigint }[]> {
    return this.database.query(sql`
      SELECT g.properties ->> ${nameProperty}::text AS text, g.id FROM "group" g
      WHERE g.project_id = ${projectId} AND g.group_type_id = ${groupTypeId}::smallint
        AND g.properties ->> ${nameProperty}::text = ANY(${[...texts]}::text[])`);
  }

  /** Groups of a type whose value is one of `texts`. */
  groupsByValue(
    projectId: number,
    groupTypeId: number,
    texts: readonly string[],
  ): Promise<{ text: string; id: bigint }[]> {
    return this.database.query(sql`
      SELECT g.value AS text, g.id FROM "group" g
      WHERE g.project_id = ${projectId} AND g.group_type_id = ${groupTypeId}::smallint AND g.value = ANY(${[...texts]}::text[])`);
  }

  groupIdsOf(query: Sql): Promise<{ id: bigint }[]> {
    return this.database.query<{ id: bigint }>(query);
  }
}

// The people side of one GraphQL request: every read goes through a per-request batcher, so a
// nested query (groups → their people → each person's groups) costs one statement per level,
// whatever the number of rows. Created per request for the viewer's project (graphql/context.ts).
import type { SqlExecutor } from '../../database/sql-database';
import { BatchLoader, KeyedBatchLoaders } from '../../lib/batch-loader';
import type { ProjectRecord } from '../projects/project.repository';
import { resolveAnalyticsWindow, type AnalyticsWindow } from '../analytics/analytics-window';
import type { GroupDetail } from '../analytics/group-detail.service';
import { readGroupMembersPages, type GroupMemberPageRow, type MemberKeyset } from './queries/group-members-page.query';
import {
  readGroupChangesPages,
  readLatestChanges,
  readPropertyHistoryPages,
  type ChangeKeyset,
  type LatestChangeRow,
  type PropertyHistoryRow,
} from './queries/group-properties.query';
import { readGroupsById, type GroupRow } from './queries/groups.query';
import { readGroupSearchPage, type GroupSearchKeyset, type GroupSearchRow } from './queries/group-search-page.query';
import { findGroupTypeByName } from '../analytics/queries/group-types.query';
import type { GroupSearchCondition } from '../groups/queries/group-search-condition';
import { DomainError } from '../../lib/domain-error';
import { readMemberships, type MembershipRow } from './queries/memberships.query';
import { countPeople, findPerson, readPeoplePage, readPeopleById, type PersonRow } from './queries/people.query';

/** Groups rows by a key, in the order of `keys` (an empty list for a key without rows). */
export function groupRowsBy<Row, Key>(keys: readonly Key[], rows: readonly Row[], keyOf: (row: Row) => Key): Row[][] {
  const byKey = new Map<string, Row[]>();
  for (const row of rows) {
    const key = String(keyOf(row));
    const list = byKey.get(key);
    if (list) list.push(row);
    else byKey.set(key, [row]);
  }
  return keys.map((key) => byKey.get(String(key)) ?? []);
}

export interface PagedArguments<Keyset> {
  after: Keyset | null;
  /** Rows to read: the page size plus one (which only says a next page exists). */
  limit: number;
}

export class PeopleReader {
  readonly window: AnalyticsWindow;
  private readonly projectId: number;

  private readonly people = new BatchLoader<bigint, PersonRow | null>(async (ids) => {
    const rows = await readPeopleById(this.database, this.projectId, ids);
    return groupRowsBy(ids, rows, (row) => row.id).map((found) => found[0] ?? null);
  });

  private readonly groups = new BatchLoader<bigint, GroupRow | null>(async (ids) => {
    const rows = await readGroupsById(this.database, this.projectId, ids);
    return groupRowsBy(ids, rows, (row) => row.groupId).map((found) => found[0] ?? null);
  });

  private readonly memberships = new BatchLoader<bigint, MembershipRow[]>(async (ids) =>
    groupRowsBy(ids, await readMemberships(this.database, this.projectId, ids), (row) => row.personId),
  );

  private readonly memberPages = new KeyedBatchLoaders<PagedArguments<MemberKeyset>, bigint, GroupMemberPageRow[]>(
    async ({ after, limit }, ids) =>
      groupRowsBy(
        ids,
        await readGroupMembersPages(this.database, this.projectId, ids, after, limit),
        (row) => row.groupId,
      ),
  );

  private readonly latestChanges = new BatchLoader<bigint, LatestChangeRow[]>(async (ids) =>
    groupRowsBy(ids, await readLatestChanges(this.database, this.projectId, ids), (row) => row.groupId),
  );

  private readonly historyPages = new KeyedBatchLoaders<
    PagedArguments<ChangeKeyset>,
    { groupId: bigint; key: string },
    PropertyHistoryRow[]
  >(
    async ({ after, limit }, pairs) => {
      const rows = await readPropertyHistoryPages(this.database, this.projectId, pairs, after, limit);
      return groupRowsBy(
        pairs.map((pair) => JSON.stringify([String(pair.groupId), pair.key])),
        rows,
        (row) => JSON.stringify([String(row.groupId), row.key]),
      );
    },
    (pair) => JSON.stringify([String(pair.groupId), pair.key]),
  );

  private readonly changePages = new KeyedBatchLoaders<
    PagedArguments<ChangeKeyset> & { key: string | null },
    bigint,
    PropertyHistoryRow[]
  >(async ({ after, limit, key }, ids) =>
    groupRowsBy(
      ids,
      await readGroupChangesPages(this.database, this.projectId, ids, key, after, limit),
      (row) => row.groupId,
    ),
  );

  constructor(
    private readonly database: SqlExecutor,
    project: ProjectRecord,
    now: Date = new Date(),
  ) {
    this.projectId = project.id;
    // Groups reached from a person or an event have no range of their own: the default one.
    this.window = resolveAnalyticsWindow(project, null, now);
  }

  person(id: bigint): Promise<PersonRow | null> {
    return this.people.load(id);
  }

  findPerson(by: { userId: string } | { deviceId: string }): Promise<PersonRow | null> {
    return findPerson(this.database, this.projectId, by);
  }

  peoplePage(search: string | null, after: MemberKeyset | null, limit: number): Promise<PersonRow[]> {
    return readPeoplePage(this.database, this.projectId, search, after, limit);
  }

  countPeople(search: string | null): Promise<number> {
    return countPeople(this.database, this.projectId, search);
  }

  /** A page of groups of a type matching a search; NOT_FOUND for a type the project does not have. */
  async searchGroups(
    groupTypeName: string,
    condition: GroupSearchCondition | null,
    after: GroupSearchKeyset | null,
    limit: number,
  ): Promise<GroupSearchRow[]> {
    const groupType = await findGroupTypeByName(this.database, this.projectId, groupTypeName);
    if (!groupType)
      throw new DomainError(
        'NOT_FOUND',
        `This project has no group type "${groupTypeName}"; see the groupTypes query for the ones that exist.`,
      );
    return readGroupSearchPage(this.database, this.projectId, groupType.id, condition, after, limit);
  }

  async group(id: bigint): Promise<GroupDetail | null> {
    const row = await this.groups.load(id);
    return row ? this.groupDetail(row) : null;
  }

  /** The detail object the Group type resolves from (see analytics/graphql/group-detail.type.ts). */
  groupDetail(row: GroupRow): GroupDetail {
    return {
      window: this.window,
      groupType: { id: row.groupTypeId, name: row.groupTypeName, nameProperty: row.nameProperty },
      group: {
        id: row.groupId,
        groupTypeId: row.groupTypeId,
        value: row.value,
        properties: row.properties,
        firstSeen: row.groupFirstSeen,
        lastSeen: row.groupLastSeen,
      },
    };
  }

  membershipsOf(personId: bigint): Promise<MembershipRow[]> {
    return this.memberships.load(personId);
  }

  membersOf(groupId: bigint, page: PagedArguments<MemberKeyset>): Promise<GroupMemberPageRow[]> {
    return this.memberPages.load(page, groupId);
  }

  latestChangesOf(groupId: bigint): Promise<LatestChangeRow[]> {
    return this.latestChanges.load(groupId);
  }

  /** Every change of a group's properties (or of one key), newest first. */
  changesOf(groupId: bigint, key: string | null, page: PagedArguments<ChangeKeyset>): Promise<PropertyHistoryRow[]> {
    return this.changePages.load({ ...page, key }, groupId);
  }

  historyOf(groupId: bigint, key: string, page: PagedArguments<ChangeKeyset>): Promise<PropertyHistoryRow[]> {
    return this.historyPages.load(page, { groupId, key });
  }
}

export interface PeopleRequestContext {
  /** Null without a viewer (every resolver is @Authorized, so it is there when they run). */
  peopleReader: PeopleReader | null;
}

export function requirePeopleReader(context: PeopleRequestContext): PeopleReader {
  if (!context.peopleReader) throw new Error('the people reader needs an authenticated viewer');
  return context.peopleReader;
}

// The people-side fields of a group: its people as a connection of User, its properties typed,
// each property's history, and the Group behind a row of the groups list.
import { Arg, Authorized, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { checkPageSize, decodeCursor, encodeCursor, toConnection } from '../../../lib/connection';
import { GroupDetailType } from '../../analytics/graphql/group-detail.type';
import { GroupSummaryType } from '../../analytics/graphql/group-summary.type';
import type { GroupSummary } from '../../analytics/group-summary';
import type { RequestContext } from '../../projects/request-context';
import { requirePeopleReader, type PeopleRequestContext } from '../people-reader';
import { GroupPropertyType, kindOfValue, PropertyChangeConnectionType } from './group-property.type';
import { GroupMemberConnectionType, UserType } from './user.type';

type PeopleGraphqlContext = RequestContext & PeopleRequestContext;

const memberCursorKind = 'member';
const changeCursorKind = 'change';
const groupChangeCursorKind = 'group-change';

@Resolver(() => GroupDetailType)
export class GroupRelationsResolver {
  @Authorized()
  @FieldResolver(() => GroupMemberConnectionType, {
    description: 'Everyone ever attributed to the group, most recently active in it first (replaces `people`).',
  })
  async members(
    @Root() root: GroupDetailType,
    @Ctx() context: PeopleGraphqlContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50, description: 'At most 200.' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<GroupMemberConnectionType> {
    const size = checkPageSize(first, 50);
    const key = decodeCursor(memberCursorKind, after, ['timestamp', 'id']);
    const rows = await requirePeopleReader(context).membersOf(root.detail.group.id, {
      after: key ? { lastSeen: key[0]!, id: key[1]! } : null,
      limit: size + 1,
    });
    const connection = toConnection(
      rows,
      size,
      after,
      (row) => encodeCursor(memberCursorKind, [row.memberLastSeen.toISOString(), String(row.id)]),
      (row) => row,
    );
    return {
      edges: connection.edges.map(({ cursor, node: row }) => ({
        cursor,
        node: new UserType(row),
        firstSeen: row.memberFirstSeen,
        lastSeen: row.memberLastSeen,
        events: row.memberEvents,
      })),
      pageInfo: connection.pageInfo,
      // An empty page past the end still knows the total only from another read; 0 rows means none left.
      totalCount: rows[0]?.totalCount ?? (key ? await this.countMembers(root, context) : 0),
    };
  }

  private async countMembers(root: GroupDetailType, context: PeopleGraphqlContext): Promise<number> {
    const rows = await requirePeopleReader(context).membersOf(root.detail.group.id, { after: null, limit: 1 });
    return rows[0]?.totalCount ?? 0;
  }

  @Authorized()
  @FieldResolver(() => PropertyChangeConnectionType, {
    description:
      "Every change of the group's properties, newest first, removed keys included (replaces `propertyHistory`); `key` keeps one property's.",
  })
  async propertyHistoryConnection(
    @Root() root: GroupDetailType,
    @Ctx() context: PeopleGraphqlContext,
    @Arg('key', () => String, {
      description: 'Only the changes of this property; omitted: every property.',
      nullable: true,
    })
    key: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50, description: 'At most 200.' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<PropertyChangeConnectionType> {
    const size = checkPageSize(first, 50);
    const cursorKey = decodeCursor(groupChangeCursorKind, after, ['timestamp', 'id']);
    const rows = await requirePeopleReader(context).changesOf(root.detail.group.id, key ?? null, {
      after: cursorKey ? { changedAt: cursorKey[0]!, id: cursorKey[1]! } : null,
      limit: size + 1,
    });
    return toConnection(
      rows,
      size,
      after,
      (row) => encodeCursor(groupChangeCursorKind, [row.changedAt.toISOString(), String(row.id)]),
      (row) => row,
    );
  }

  @Authorized()
  @FieldResolver(() => [GroupPropertyType], {
    description:
      'The current properties, typed, with who set each and when, by key. Not paged (the keys of one group).',
  })
  async propertyList(
    @Root() root: GroupDetailType,
    @Ctx() context: PeopleGraphqlContext,
  ): Promise<GroupPropertyType[]> {
    const changes = await requirePeopleReader(context).latestChangesOf(root.detail.group.id);
    const latest = new Map(changes.map((change) => [change.key, change]));
    return Object.entries(root.detail.group.properties)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
      .map(([key, value]) => ({
        groupId: root.detail.group.id,
        key,
        value,
        type: kindOfValue(value),
        source: latest.get(key)?.source ?? null,
        updatedAt: latest.get(key)?.changedAt ?? null,
      }));
  }
}

@Resolver(() => GroupPropertyType)
export class GroupPropertyResolver {
  @Authorized()
  @FieldResolver(() => PropertyChangeConnectionType, {
    description: 'Every value the property has held, newest first.',
  })
  async history(
    @Root() property: GroupPropertyType,
    @Ctx() context: PeopleGraphqlContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50, description: 'At most 200.' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<PropertyChangeConnectionType> {
    const size = checkPageSize(first, 50);
    const key = decodeCursor(changeCursorKind, after, ['timestamp', 'id']);
    const rows = await requirePeopleReader(context).historyOf(property.groupId, property.key, {
      after: key ? { changedAt: key[0]!, id: key[1]! } : null,
      limit: size + 1,
    });
    return toConnection(
      rows,
      size,
      after,
      (row) => encodeCursor(changeCursorKind, [row.changedAt.toISOString(), String(row.id)]),
      (row) => row,
    );
  }
}

@Resolver(() => GroupSummaryType)
export class GroupSummaryGroupResolver {
  @Authorized()
  @FieldResolver(() => GroupDetailType, {
    description: 'The group behind this row: its people, events and properties (batched over the page).',
  })
  async group(@Root() row: GroupSummaryType, @Ctx() context: PeopleGraphqlContext): Promise<GroupDetailType> {
    const detail = await requirePeopleReader(context).group((row as unknown as GroupSummary).groupId);
    if (!detail) throw new Error('a listed group is missing');
    return new GroupDetailType(detail);
  }
}

// `groupSearch`: find groups of a type by name, or by a value a property has ever held
// (`plan = enterprise`), most recently active first.
import { Arg, Authorized, Ctx, Field, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { checkPageSize, decodeCursor, encodeCursor, toConnection } from '../../../lib/connection';
import { GroupDetailType } from '../../analytics/graphql/group-detail.type';
import { PageInfoType } from '../../analytics/graphql/group-summary.type';
import { defaultActiveWithinMonths, maximumActiveWithinMonths, readGroupSearch } from '../../groups/group-search';
import { requireViewer, type RequestContext } from '../../projects/request-context';
import { requirePeopleReader, type PeopleRequestContext } from '../people-reader';
import type { GroupSearchRow } from '../queries/group-search-page.query';

type PeopleGraphqlContext = RequestContext & PeopleRequestContext;

const groupSearchCursorKind = 'group-search';

@ObjectType('GroupSearchEdge')
export class GroupSearchEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => GroupDetailType)
  node!: GroupDetailType;
}

@ObjectType('GroupSearchConnection', { description: 'Groups matching a search, most recently active first.' })
export class GroupSearchConnectionType {
  @Field(() => [GroupSearchEdgeType])
  edges!: GroupSearchEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;

  @Field(() => Int, { description: 'Groups matching the search, over all pages.' })
  totalCount!: number;
}

@Resolver()
export class GroupSearchResolver {
  @Authorized()
  @Query(() => GroupSearchConnectionType, {
    description:
      'Groups of one type found by name, or by property history. `query` is plain text (a case-insensitive substring of the name or the value, as in the Groups list) or `name = value`: groups whose property `name` holds or ever held `value` (both case-insensitive; a value compares as its text, so `seats = 10` finds 10 and "10"; quotes around a name or value with spaces: `"account manager" = "Ada Lovelace"`; spaces around = optional). A malformed condition is an INVALID_INPUT error that shows the syntax.',
  })
  async groupSearch(
    @Ctx() context: PeopleGraphqlContext,
    @Arg('groupType', () => String, { description: 'The group type searched, e.g. "company".' }) groupType: string,
    @Arg('query', () => String, { description: 'Plain text, or `name = value`.' }) query: string,
    @Arg('activeWithinMonths', () => Int, {
      nullable: true,
      defaultValue: defaultActiveWithinMonths,
      description: `A \`name = value\` search keeps groups with an event in this many months before now (1 to ${maximumActiveWithinMonths}); null: any time. Plain text ignores it.`,
    })
    activeWithinMonths: number | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50, description: 'At most 200.' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<GroupSearchConnectionType> {
    requireViewer(context);
    const size = checkPageSize(first, 50);
    const key = decodeCursor(groupSearchCursorKind, after, ['timestamp', 'id']);
    const condition = readGroupSearch(query, activeWithinMonths ?? null, new Date());
    const reader = requirePeopleReader(context);
    const keyset = key ? { lastSeen: key[0]!, id: key[1]! } : null;
    const rows = await reader.searchGroups(groupType, condition, keyset, size + 1);
    const connection = toConnection(
      rows,
      size,
      after,
      (row: GroupSearchRow) =>
        encodeCursor(groupSearchCursorKind, [row.groupLastSeen.toISOString(), String(row.groupId)]),
      (row) => new GroupDetailType(reader.groupDetail(row)),
    );
    // A page past the end has no row to carry the count: count again from the start.
    const totalCount =
      rows[0]?.totalCount ??
      (key ? ((await reader.searchGroups(groupType, condition, null, 1))[0]?.totalCount ?? 0) : 0);
    return { ...connection, totalCount };
  }
}

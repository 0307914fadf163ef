import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { checkPageSize, decodeCursor, encodeCursor, toConnection } from '../../../lib/connection';
import { DomainError } from '../../../lib/domain-error';
import { GroupDetailType } from '../../analytics/graphql/group-detail.type';
import { requireViewer, type RequestContext } from '../../projects/request-context';
import { requirePeopleReader, type PeopleRequestContext } from '../people-reader';
import type { PersonRow } from '../queries/people.query';
import { MembershipKind, MembershipType, UserConnectionType, UserType } from './user.type';

type PeopleGraphqlContext = RequestContext & PeopleRequestContext;

const userCursorKind = 'user';
const cursorOfPerson = (person: PersonRow) =>
  encodeCursor(userCursorKind, [person.lastSeen.toISOString(), String(person.id)]);

@Resolver(() => UserType)
export class PeopleResolver {
  @Authorized()
  @Query(() => UserType, {
    nullable: true,
    description:
      'One person by the user id the SDKs sent (or, for an anonymous person, by device id); null when unknown.',
  })
  async user(
    @Ctx() context: PeopleGraphqlContext,
    @Arg('userId', () => String, {
      description: 'The user id the SDKs sent (give exactly one of userId and deviceId).',
      nullable: true,
    })
    userId: string | null,
    @Arg('deviceId', () => String, {
      description: 'The device id of an anonymous person (give exactly one of userId and deviceId).',
      nullable: true,
    })
    deviceId: string | null,
  ): Promise<UserType | null> {
    requireViewer(context);
    if ((userId === null || userId === undefined) === (deviceId === null || deviceId === undefined)) {
      throw new DomainError('INVALID_INPUT', 'Pass exactly one of "userId" and "deviceId".');
    }
    const person = await requirePeopleReader(context).findPerson(userId != null ? { userId } : { deviceId: deviceId! });
    return person ? new UserType(person) : null;
  }

  @Authorized()
  @Query(() => UserConnectionType, {
    description:
      'People of the project, most recently seen first. `search` is a case-insensitive substring of the user id, the device id, or the user properties `email`, `name`, `$email` or `$name`.',
  })
  async users(
    @Ctx() context: PeopleGraphqlContext,
    @Arg('search', () => String, {
      nullable: true,
      description: 'Part of a user id, device id, email or name (case-insensitive); omitted: everyone.',
    })
    search: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50, description: 'At most 200.' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<UserConnectionType> {
    requireViewer(context);
    const size = checkPageSize(first, 50);
    const key = decodeCursor(userCursorKind, after, ['timestamp', 'id']);
    const keyset = key ? { lastSeen: key[0]!, id: key[1]! } : null;
    const rows = await requirePeopleReader(context).peoplePage(search?.trim() || null, keyset, size + 1);
    return {
      search: search?.trim() || null,
      ...toConnection(rows, size, after, cursorOfPerson, (row) => new UserType(row)),
    };
  }

  @Authorized()
  @FieldResolver(() => [MembershipType], {
    description:
      'Every group the person belongs to: their user-level groups and the groups their events were attributed to, most recently active first. Not paged (a person belongs to few groups).',
  })
  async groups(@Root() user: UserType, @Ctx() context: PeopleGraphqlContext): Promise<MembershipType[]> {
    const reader = requirePeopleReader(context);
    const rows = await reader.membershipsOf(user.person.id);
    return rows.map((row) => ({
      group: new GroupDetailType(reader.groupDetail(row)),
      kind: row.userLevelSince ? MembershipKind.USER_LEVEL : MembershipKind.EVENT_LEVEL,
      since: row.userLevelSince ?? row.firstActivity!,
      lastActivity: row.lastActivity,
      events: row.events,
    }));
  }
}

@Resolver(() => UserConnectionType)
export class UserConnectionResolver {
  @Authorized()
  @FieldResolver(() => Int, { description: 'People matching the search, over all pages (one count when asked for).' })
  totalCount(@Root() connection: UserConnectionType, @Ctx() context: PeopleGraphqlContext): Promise<number> {
    return requirePeopleReader(context).countPeople(connection.search);
  }
}

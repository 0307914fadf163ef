// Names for the units of a funnel Microscope page and for the people behind their chain events:
// two lookups by id per page, whatever the page size.
import type { SqlExecutor } from '../../database/sql-database';
import type { FollowedUnit, FunnelMember } from './funnel.service';
import {
  buildFunnelGroupNamesSql,
  buildFunnelPersonNamesSql,
  type FunnelGroupNameRow,
  type FunnelPersonNameRow,
} from './queries/funnel-members.query';
import type { Audience } from './queries/segmentation.query';

export async function nameFunnelUnits(
  database: SqlExecutor,
  projectId: number,
  audience: Audience,
  units: readonly FollowedUnit[],
): Promise<FunnelMember[]> {
  if (units.length === 0) return [];
  const groups = audience.countedBy === 'GROUPS';
  const personIds = new Set<bigint>();
  for (const { unit, journey } of units) {
    if (!groups) personIds.add(unit);
    for (const link of journey.chain) if (link.personId !== null) personIds.add(link.personId);
  }
  const people = new Map(
    (await database.query<FunnelPersonNameRow>(buildFunnelPersonNamesSql(projectId, [...personIds]))).map((row) => [
      row.id,
      row,
    ]),
  );
  const groupNames = groups
    ? new Map(
        (
          await database.query<FunnelGroupNameRow>(
            buildFunnelGroupNamesSql(
              projectId,
              audience.groupType!.nameProperty,
              units.map((unit) => unit.unit),
            ),
          )
        ).map((row) => [row.id, row]),
      )
    : new Map<bigint, FunnelGroupNameRow>();
  return units.map(({ unit, journey }) => {
    const group = groupNames.get(unit);
    const person = groups ? undefined : people.get(unit);
    return {
      kind: groups ? 'GROUP' : 'PERSON',
      id: unit,
      groupType: groups ? audience.groupType!.name : null,
      value: group?.value ?? null,
      name: groups ? (group?.name ?? String(unit)) : (person?.userId ?? person?.deviceId ?? String(unit)),
      userId: person?.userId ?? null,
      deviceId: person?.deviceId ?? null,
      furthestStep: journey.furthestStep,
      chain: journey.chain.map((link) => {
        const doer = link.personId === null ? undefined : people.get(link.personId);
        return {
          step: link.step,
          time: new Date(link.time),
          eventId: link.eventId,
          personId: link.personId,
          personUserId: doer?.userId ?? null,
          personDeviceId: doer?.deviceId ?? null,
        };
      }),
    };
  });
}

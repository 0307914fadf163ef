// From service results to GraphQL objects (shapes only, no rules).
import { defaultDisplayPlural, defaultDisplaySingular, type DayRange } from '@leadmaps/shared';
import { rangeLength } from '@leadmaps/shared';
import type { GroupTypeRow } from '../queries/group-types.query';
import type { GroupTypeInfoType } from './account-report.type';
import type { DateRangeType } from './group-summary.type';

export function toDateRange(range: DayRange): DateRangeType {
  return { from: range.from, to: range.to, days: rangeLength(range) };
}

export function toGroupTypeInfo(row: GroupTypeRow): GroupTypeInfoType {
  return {
    id: row.id,
    name: row.name,
    displaySingular: row.displaySingular ?? defaultDisplaySingular(row.name),
    displayPlural: row.displayPlural ?? defaultDisplayPlural(row.name),
    nameProperty: row.nameProperty,
    groupCount: row.groupCount,
  };
}

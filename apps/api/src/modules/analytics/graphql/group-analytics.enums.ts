import { registerEnumType } from 'type-graphql';

export const TrendLabelEnum = {
  RISING: 'RISING',
  STEADY: 'STEADY',
  FALLING: 'FALLING',
  FALLING_SHARPLY: 'FALLING_SHARPLY',
  NEW: 'NEW',
  INACTIVE: 'INACTIVE',
} as const;
export const TrendMetricEnum = { KEY_ACTIONS: 'KEY_ACTIONS', EVENTS: 'EVENTS' } as const;
export const GroupSortFieldEnum = {
  KEY_ACTIONS: 'KEY_ACTIONS',
  EVENTS: 'EVENTS',
  ACTIVE_PEOPLE: 'ACTIVE_PEOPLE',
  PEOPLE_ON_RECORD: 'PEOPLE_ON_RECORD',
  SESSIONS: 'SESSIONS',
  TREND_PERCENT: 'TREND_PERCENT',
  LAST_SEEN: 'LAST_SEEN',
  NAME: 'NAME',
} as const;
export const SortDirectionEnum = { ASC: 'ASC', DESC: 'DESC' } as const;
export const ActivityIntervalEnum = { DAY: 'DAY', WEEK: 'WEEK' } as const;

registerEnumType(TrendLabelEnum, {
  name: 'TrendLabel',
  description:
    'Range against the previous range of equal length. NEW: nothing before but activity now. INACTIVE: nothing in either.',
});
registerEnumType(TrendMetricEnum, {
  name: 'TrendMetric',
  description: 'Key actions when the project has configured some, else events.',
});
registerEnumType(GroupSortFieldEnum, { name: 'GroupSortField' });
registerEnumType(SortDirectionEnum, { name: 'SortDirection' });
registerEnumType(ActivityIntervalEnum, { name: 'ActivityInterval' });

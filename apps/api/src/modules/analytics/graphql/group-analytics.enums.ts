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
  valuesConfig: {
    STEADY: { description: 'Within ± the steady threshold.' },
    RISING: { description: 'Up by more than the steady threshold.' },
    NEW: { description: 'Active in the range, not in the previous one.' },
    INACTIVE: { description: 'No activity in the range nor in the previous one.' },
    FALLING_SHARPLY: { description: 'Down at or below the sharp threshold.' },
    FALLING: { description: 'Down by more than the steady threshold, not as far as the sharp one.' },
  },
  name: 'TrendLabel',
  description:
    'Range against the previous range of equal length. NEW: nothing before but activity now. INACTIVE: nothing in either.',
});
registerEnumType(TrendMetricEnum, {
  valuesConfig: {
    KEY_ACTIONS: { description: "Events of the project's key actions." },
    EVENTS: { description: 'Every event attributed to the group (the project has no key actions).' },
  },
  name: 'TrendMetric',
  description: 'Key actions when the project has configured some, else events.',
});
registerEnumType(GroupSortFieldEnum, {
  valuesConfig: {
    TREND_PERCENT: {
      description:
        'Change of the trend metric against the previous range, in percent (groups without one, whose previous range had nothing, last).',
    },
    SESSIONS: { description: 'Distinct sessions with an event in the group in the range.' },
    PEOPLE_ON_RECORD: { description: 'Every person ever attributed to the group.' },
    NAME: { description: "The group's name (name property, else value)." },
    LAST_SEEN: { description: "Time of the group's last event." },
    KEY_ACTIONS: { description: 'Key-action events attributed to the group in the range.' },
    EVENTS: { description: 'Events attributed to the group in the range.' },
    ACTIVE_PEOPLE: { description: 'Distinct people active in the group in the range.' },
  },
  description: 'What the Groups page ranks by.',
  name: 'GroupSortField',
});
registerEnumType(SortDirectionEnum, {
  valuesConfig: {
    DESC: { description: 'Largest (or Z, or newest) first.' },
    ASC: { description: 'Smallest (or A, or oldest) first.' },
  },
  description: 'Ascending or descending.',
  name: 'SortDirection',
});
registerEnumType(ActivityIntervalEnum, {
  valuesConfig: {
    WEEK: { description: 'One point per week, starting on Monday (project time zone).' },
    DAY: { description: 'One point per project-local day.' },
  },
  description:
    "The bucket of a group's activity series: one point per project-local day, or per Monday-to-Sunday week.",
  name: 'ActivityInterval',
});

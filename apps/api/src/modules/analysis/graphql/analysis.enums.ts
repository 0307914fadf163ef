import { registerEnumType } from 'type-graphql';
import {
  breakdownSources,
  breakdownValueKinds,
  countedByKinds,
  intervals,
  measures,
  propertyOperators,
} from '../analysis-query';

const enumOf = <Value extends string>(values: readonly Value[]) =>
  Object.fromEntries(values.map((value) => [value, value])) as { [Key in Value]: Key };

export const PropertyOperatorEnum = enumOf(propertyOperators);
export const CountedByEnum = enumOf(countedByKinds);
export const MeasureEnum = enumOf(measures);
export const AnalysisIntervalEnum = enumOf(intervals);
export const BreakdownSourceEnum = enumOf(breakdownSources);
export const BreakdownValueKindEnum = enumOf(breakdownValueKinds);
export const MicroscopeMemberKindEnum = { GROUP: 'GROUP', PERSON: 'PERSON' } as const;

registerEnumType(PropertyOperatorEnum, {
  valuesConfig: {
    NOT_EQUALS: { description: 'The value as text differs from `value`, or the property is missing.' },
    LESS_THAN: { description: 'The value is a number (or numeric text) less than `value`.' },
    IS_SET: { description: 'The property is present and not null.' },
    IS_NOT_SET: { description: 'The property is missing or null.' },
    GREATER_THAN: { description: 'The value is a number (or numeric text) greater than `value`.' },
    EQUALS: { description: 'The value as text equals `value`.' },
    CONTAINS: { description: 'The value as text contains `value`, ignoring case.' },
  },
  name: 'PropertyOperator',
  description:
    'EQUALS / NOT_EQUALS / CONTAINS (case-insensitive) compare the value as text; NOT_EQUALS also keeps objects without the property. GREATER_THAN / LESS_THAN compare numbers (JSON numbers or numeric strings). IS_SET / IS_NOT_SET take no value.',
});
registerEnumType(CountedByEnum, {
  valuesConfig: {
    PEOPLE: { description: 'People (user id, else device id); organisation-level events never count.' },
    GROUPS: { description: "Groups of the group type, through each event's attributed groups." },
    EVENTS: { description: 'Events.' },
  },
  name: 'CountedBy',
  description:
    "GROUPS: groups of the group type, through each event's attributed groups (event-level, else the person's user-level group when the event arrived). PEOPLE: people (organisation-level events never count). EVENTS: events.",
});
registerEnumType(MeasureEnum, {
  valuesConfig: {
    UNIQUES: { description: 'Distinct groups, people or events with a matching event.' },
    TOTALS: { description: 'Matching events (counted by groups: once per group the event is attributed to).' },
    NEW: { description: 'Units whose first matching event ever falls in the bucket.' },
    AVERAGE: { description: 'TOTALS / UNIQUES for the bucket (0 when nothing counts).' },
  },
  name: 'Measure',
  description:
    'UNIQUES: distinct groups/people/events with a matching event. TOTALS: matching events (counted by groups: once per group an event is attributed to). AVERAGE: TOTALS / UNIQUES. NEW: groups or people whose first matching event ever falls in the bucket.',
});
registerEnumType(AnalysisIntervalEnum, {
  valuesConfig: {
    WEEK: { description: 'One bucket per week, starting on Monday (project-local), keyed by that Monday.' },
    MONTH: { description: 'One bucket per calendar month (project-local), keyed by its first day.' },
    DAY: { description: 'One bucket per project-local day.' },
  },
  name: 'AnalysisInterval',
  description: 'Buckets by project-local day: DAY, WEEK (starting Monday) or MONTH.',
});
registerEnumType(BreakdownSourceEnum, {
  valuesConfig: {
    GROUP_PROPERTY: { description: "The group's current property value, as text." },
    EVENT_PROPERTY: { description: "The event's own property value, as text. Segmentation only." },
    COHORT: { description: 'In the cohort (value "in cohort") or not ("rest"); the key is the cohort id.' },
  },
  name: 'BreakdownSource',
  description:
    "GROUP_PROPERTY: the group's current value. EVENT_PROPERTY: the event's value. COHORT: cohort vs the rest (key: the cohort id; values 'in cohort' and 'rest').",
});
registerEnumType(BreakdownValueKindEnum, {
  valuesConfig: {
    VALUE: { description: 'One of the top values (the value itself is given beside the kind).' },
    OTHER: { description: 'Every value outside the top values, together.' },
    NONE: { description: 'The property is not set (or, counting people or events, no group holds it).' },
  },
  name: 'BreakdownValueKind',
  description: 'VALUE: one of the top values. OTHER: every other value. NONE: the property is not set.',
});
registerEnumType(MicroscopeMemberKindEnum, {
  valuesConfig: {
    PERSON: { description: 'A person (user id, else device id).' },
    GROUP: { description: "A group of the chart's group type." },
  },
  description: 'What a Microscope row is: a group or a person.',
  name: 'MicroscopeMemberKind',
});

export const SavedChartKindEnum = {
  SEGMENTATION: 'SEGMENTATION',
  COMPOSITION: 'COMPOSITION',
  FUNNEL: 'FUNNEL',
  RETENTION: 'RETENTION',
} as const;
registerEnumType(SavedChartKindEnum, {
  valuesConfig: {
    SEGMENTATION: { description: 'An event segmentation chart.' },
    RETENTION: { description: 'A retention table.' },
    FUNNEL: { description: 'A funnel.' },
    COMPOSITION: { description: 'A composition of groups by a property.' },
  },
  description: 'The kind of a saved chart.',
  name: 'SavedChartKind',
});

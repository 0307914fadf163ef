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
  name: 'PropertyOperator',
  description:
    'EQUALS / NOT_EQUALS / CONTAINS (case-insensitive) compare the value as text; NOT_EQUALS also keeps objects without the property. GREATER_THAN / LESS_THAN compare numbers (JSON numbers or numeric strings). IS_SET / IS_NOT_SET take no value.',
});
registerEnumType(CountedByEnum, {
  name: 'CountedBy',
  description:
    "GROUPS: groups of the group type, through each event's attributed groups (event-level, else the person's user-level group when the event arrived). PEOPLE: people (organisation-level events never count). EVENTS: events.",
});
registerEnumType(MeasureEnum, {
  name: 'Measure',
  description:
    'UNIQUES: distinct groups/people/events with a matching event. TOTALS: matching events (counted by groups: once per group an event is attributed to). AVERAGE: TOTALS / UNIQUES. NEW: groups or people whose first matching event ever falls in the bucket.',
});
registerEnumType(AnalysisIntervalEnum, {
  name: 'AnalysisInterval',
  description: 'Buckets by project-local day: DAY, WEEK (starting Monday) or MONTH.',
});
registerEnumType(BreakdownSourceEnum, {
  name: 'BreakdownSource',
  description:
    "GROUP_PROPERTY: the group's current value. EVENT_PROPERTY: the event's value. COHORT: cohort vs the rest (key: the cohort id; values 'in cohort' and 'rest').",
});
registerEnumType(BreakdownValueKindEnum, {
  name: 'BreakdownValueKind',
  description: 'VALUE: one of the top values. OTHER: every other value. NONE: the property is not set.',
});
registerEnumType(MicroscopeMemberKindEnum, { name: 'MicroscopeMemberKind' });

export const SavedChartKindEnum = {
  SEGMENTATION: 'SEGMENTATION',
  COMPOSITION: 'COMPOSITION',
  FUNNEL: 'FUNNEL',
  RETENTION: 'RETENTION',
} as const;
registerEnumType(SavedChartKindEnum, { name: 'SavedChartKind' });

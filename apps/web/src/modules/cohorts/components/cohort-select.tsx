'use client';
// A menu of the project's cohorts of groups (optionally of one group type), by id: the Analyze
// page's cohort filter and its "cohort vs the rest" breakdown.
import { CohortListDocument } from '@/generated/graphql';
import { useGraphqlQuery } from '@/lib/use-graphql-query';

const noVariables = {};

export function CohortSelect({
  label,
  value,
  groupType,
  emptyLabel,
  onChange,
}: {
  label: string;
  /** The cohort id as text; empty: none. */
  value: string;
  groupType?: string;
  emptyLabel: string;
  onChange(value: string): void;
}) {
  const cohorts = useGraphqlQuery(CohortListDocument, noVariables);
  const shown = (cohorts.data?.cohorts ?? []).filter((cohort) => !groupType || cohort.groupType === groupType);
  return (
    <label>
      {label}
      <select value={value} onChange={(event) => onChange(event.target.value)} data-testid={`cohort-select-${label}`}>
        <option value="">{cohorts.error ? 'Cohorts could not be loaded' : emptyLabel}</option>
        {shown.map((cohort) => (
          <option key={cohort.id} value={String(cohort.id)}>
            {cohort.name} ({cohort.groupType}, {cohort.size})
          </option>
        ))}
        {value && !shown.some((cohort) => String(cohort.id) === value) ? (
          <option value={value}>Cohort {value}</option>
        ) : null}
      </select>
    </label>
  );
}

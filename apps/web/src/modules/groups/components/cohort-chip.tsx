'use client';
// The cohort filter of the Groups page: a chip naming the chosen cohort (with a button to remove
// it), or a menu of the cohorts of the listed group type. The choice lives in the URL (?cohort=).
import { CohortListDocument } from '@/generated/graphql';
import { useGraphqlQuery } from '@/lib/use-graphql-query';

const noVariables = {};

export function CohortChip({
  groupType,
  cohortId,
  onChange,
}: {
  groupType: string;
  cohortId: number | null;
  onChange(cohortId: number | null): void;
}) {
  const cohorts = useGraphqlQuery(CohortListDocument, noVariables);
  const ofType = (cohorts.data?.cohorts ?? []).filter((cohort) => cohort.groupType === groupType);
  if (cohortId !== null) {
    const chosen = cohorts.data?.cohorts.find((cohort) => cohort.id === cohortId);
    return (
      <span className="chip chip-active" data-filter="cohort">
        Cohort: {chosen?.name ?? `#${cohortId}`}{' '}
        <button
          type="button"
          className="link-button"
          aria-label="Remove the cohort filter"
          onClick={() => onChange(null)}
        >
          ×
        </button>
      </span>
    );
  }
  if (cohorts.error || ofType.length === 0) return null;
  return (
    <label className="cohort-select">
      <span className="visually-hidden">Cohort</span>
      <select
        data-filter="cohort"
        value=""
        onChange={(event) => event.target.value && onChange(Number(event.target.value))}
      >
        <option value="">No cohort filter</option>
        {ofType.map((cohort) => (
          <option key={cohort.id} value={cohort.id}>
            {cohort.name} ({cohort.size})
          </option>
        ))}
      </select>
    </label>
  );
}

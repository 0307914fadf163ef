'use client';
import { parseGroupSearchQuery, trendLabels } from '@leadmaps/shared';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { TrendLabel } from '@/generated/graphql';
import type { GroupsViewState } from '../hooks/use-groups-view-state';
import { CohortChip } from './cohort-chip';
import { trendPresentation } from './trend';

const searchDelayMilliseconds = 250;

export function GroupsFilters({
  view,
  onChange,
  singularLabel,
  groupType,
}: {
  view: GroupsViewState;
  onChange(changes: Partial<GroupsViewState>): void;
  singularLabel: string;
  groupType: string;
}) {
  const [search, setSearch] = useState(view.search);
  // The URL update lands a moment later (a router transition): show the tick at once meanwhile.
  const [atRiskChecked, setAtRiskChecked] = useState(view.atRiskOnly);
  useEffect(() => setAtRiskChecked(view.atRiskOnly), [view.atRiskOnly]);
  const searchInput = useRef<HTMLInputElement>(null);
  const lastSent = useRef(view.search);
  // `plan = enterprise` searches property history; a half-typed condition waits (with the syntax
  // shown) instead of asking the server with every keystroke.
  const syntaxProblem = useMemo(() => {
    try {
      parseGroupSearchQuery(search);
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  }, [search]);

  // The URL can change under us (summary cards, back button): follow it.
  useEffect(() => {
    if (view.search !== lastSent.current) {
      lastSent.current = view.search;
      setSearch(view.search);
    }
  }, [view.search]);

  useEffect(() => {
    if (search === lastSent.current || syntaxProblem) return;
    const timer = setTimeout(() => {
      lastSent.current = search;
      onChange({ search });
    }, searchDelayMilliseconds);
    return () => clearTimeout(timer);
  }, [search, syntaxProblem, onChange]);

  // "/" jumps to the search box, as in most dashboards.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (
        event.key !== '/' ||
        event.metaKey ||
        event.ctrlKey ||
        target?.closest('input, textarea, select, [contenteditable]')
      )
        return;
      event.preventDefault();
      searchInput.current?.focus();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const toggleTrend = (label: TrendLabel) => {
    onChange({
      trends: view.trends.includes(label) ? view.trends.filter((other) => other !== label) : [...view.trends, label],
    });
  };
  const hasFilters = view.trends.length > 0 || view.atRiskOnly || view.search !== '' || view.cohortId !== null;

  return (
    // biome-ignore lint/a11y/useSemanticElements: the <search> element is too new (2023) for older browsers; the role works in all.
    <div className="filters" role="search">
      <div className="search-field">
        <label htmlFor="group-search" className="visually-hidden">
          Search by name, or by property as name = value
        </label>
        <input
          id="group-search"
          ref={searchInput}
          type="search"
          placeholder={`Search ${singularLabel.toLowerCase()} name, or plan = enterprise…  ( / )`}
          aria-invalid={syntaxProblem ? true : undefined}
          aria-describedby={syntaxProblem ? 'group-search-problem' : undefined}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !syntaxProblem) {
              lastSent.current = search;
              onChange({ search });
            }
          }}
        />
        {syntaxProblem ? (
          <p id="group-search-problem" className="field-problem" role="alert">
            {syntaxProblem}
          </p>
        ) : null}
      </div>
      <fieldset className="chip-group">
        <legend className="visually-hidden">Trend</legend>
        {trendLabels.map((label) => (
          <button
            key={label}
            type="button"
            className={`chip chip-${trendPresentation[label].tone}`}
            aria-pressed={view.trends.includes(label)}
            data-trend-filter={label}
            onClick={() => toggleTrend(label)}
          >
            {trendPresentation[label].label}
          </button>
        ))}
      </fieldset>
      <CohortChip groupType={groupType} cohortId={view.cohortId} onChange={(cohortId) => onChange({ cohortId })} />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={atRiskChecked}
          onChange={(event) => {
            setAtRiskChecked(event.target.checked);
            onChange({ atRiskOnly: event.target.checked });
          }}
          data-filter="at-risk"
        />
        At risk only
      </label>
      {hasFilters ? (
        <button
          type="button"
          className="link-button"
          onClick={() => onChange({ trends: [], atRiskOnly: false, search: '', cohortId: null })}
        >
          Clear filters
        </button>
      ) : null}
    </div>
  );
}

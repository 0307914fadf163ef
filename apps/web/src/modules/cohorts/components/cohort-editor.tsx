'use client';
// The behavioural cohort editor: conditions and nested groups of conditions combined with AND or
// OR (one level, as the API allows), a live preview of the size
// and first members (a query: any session may preview), and Create (a mutation: it needs the
// project's secret key, so a read-only session gets the server's explanation).
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { EmptyView, ErrorView, LoadingView, QueryView } from '@/components/state-views';
import { CohortPreviewDocument, CreateCohortDocument } from '@/generated/graphql';
import { requestGraphql } from '@/lib/graphql-client';
import { formatInteger } from '@/lib/format';
import { useGraphqlQuery } from '@/lib/use-graphql-query';
import { type CohortDraft, type ConditionDraft, definitionOf, isGroup, newCondition, newGroup } from '../cohort-draft';
import { ConditionGroup } from './condition-group';
import { ConditionRow } from './condition-row';

const previewDelayMilliseconds = 400;

export function CohortEditor({ groupTypes }: { groupTypes: string[] }) {
  const router = useRouter();
  const [draft, setDraft] = useState<CohortDraft>(() => ({
    name: '',
    groupType: groupTypes[0] ?? '',
    combinator: 'AND',
    conditions: [newCondition()],
  }));
  const [createError, setCreateError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const definition = useMemo(() => definitionOf(draft), [draft]);
  // The preview follows the editor a moment later, not on every key stroke.
  const [previewed, setPreviewed] = useState(definition);
  useEffect(() => {
    const timer = setTimeout(() => setPreviewed(definition), previewDelayMilliseconds);
    return () => clearTimeout(timer);
  }, [definition]);
  const previewVariables = useMemo(() => ({ definition: previewed }), [previewed]);
  const preview = useGraphqlQuery(CohortPreviewDocument, previewVariables);

  /** Changes the entry at `index` (a condition, or with `inner` a condition of the nested group there). */
  const changeCondition = (index: number, changes: Partial<ConditionDraft>, inner?: number) =>
    setDraft((current) => ({
      ...current,
      conditions: current.conditions.map((entry, position) => {
        if (position !== index) return entry;
        if (!isGroup(entry)) return { ...entry, ...changes };
        return {
          ...entry,
          conditions: entry.conditions.map((condition, place) =>
            place === inner ? { ...condition, ...changes } : condition,
          ),
        };
      }),
    }));
  const replaceEntry = (index: number, entry: CohortDraft['conditions'][number] | null) =>
    setDraft((current) => ({
      ...current,
      conditions: current.conditions.flatMap((existing, position) =>
        position !== index ? [existing] : entry ? [entry] : [],
      ),
    }));

  const create = async () => {
    setCreating(true);
    setCreateError(null);
    try {
      const result = await requestGraphql(CreateCohortDocument, { input: { name: draft.name, definition } });
      router.push(`/cohorts/${result.createCohort.id}`);
    } catch (error) {
      setCreateError(error instanceof Error ? error.message : String(error));
    } finally {
      setCreating(false);
    }
  };

  return (
    <section className="cohort-editor" aria-labelledby="cohort-editor-heading">
      <h2 id="cohort-editor-heading">New behavioural cohort</h2>
      <div className="form-row">
        <label>
          Name{' '}
          <input
            value={draft.name}
            onChange={(event) => setDraft({ ...draft, name: event.target.value })}
            data-testid="cohort-name"
          />
        </label>
        <label>
          Group type{' '}
          <select value={draft.groupType} onChange={(event) => setDraft({ ...draft, groupType: event.target.value })}>
            {groupTypes.map((groupType) => (
              <option key={groupType} value={groupType}>
                {groupType}
              </option>
            ))}
          </select>
        </label>
        <label>
          Groups matching{' '}
          <select
            value={draft.combinator}
            onChange={(event) => setDraft({ ...draft, combinator: event.target.value as 'AND' | 'OR' })}
            data-testid="cohort-combinator"
          >
            <option value="AND">all conditions (AND)</option>
            <option value="OR">any condition (OR)</option>
          </select>
        </label>
      </div>
      <ol className="cohort-conditions">
        {draft.conditions.map((entry, index) =>
          isGroup(entry) ? (
            <ConditionGroup
              // biome-ignore lint/suspicious/noArrayIndexKey: entries have no identity but their position.
              key={index}
              number={index + 1}
              group={entry}
              onChangeCondition={(inner, changes) => changeCondition(index, changes, inner)}
              onChange={(group) => replaceEntry(index, group)}
              onRemove={() => replaceEntry(index, null)}
            />
          ) : (
            <ConditionRow
              // biome-ignore lint/suspicious/noArrayIndexKey: entries have no identity but their position.
              key={index}
              name={`Condition ${index + 1}`}
              testId={`condition-${index}`}
              condition={entry}
              onChange={(changes) => changeCondition(index, changes)}
              onRemove={() => replaceEntry(index, null)}
            />
          ),
        )}
      </ol>
      <button
        type="button"
        className="link-button"
        onClick={() => setDraft({ ...draft, conditions: [...draft.conditions, newCondition()] })}
      >
        Add a condition
      </button>{' '}
      <button
        type="button"
        className="link-button"
        onClick={() => setDraft({ ...draft, conditions: [...draft.conditions, newGroup(draft.combinator)] })}
      >
        Add a nested group
      </button>
      <div className="cohort-preview" aria-live="polite" data-testid="cohort-preview">
        <h3>Preview</h3>
        <QueryView
          query={preview}
          loading={<LoadingView label="Counting…" rows={2} />}
          failure={(error) => <ErrorView title="The definition is not complete" message={error.message} />}
          isEmpty={(data) => data.cohortPreview.size === 0}
          empty={<EmptyView title="No group matches these conditions now" />}
          success={(data) => (
            <>
              <p data-testid="cohort-preview-size">
                <strong>{formatInteger(data.cohortPreview.size)}</strong> groups match now
              </p>
              <ul>
                {data.cohortPreview.members.map((member) => (
                  <li key={member.value}>
                    <Link href={member.groupPath}>{member.name}</Link>
                  </li>
                ))}
              </ul>
            </>
          )}
        />
      </div>
      <button type="button" className="button" onClick={create} disabled={creating} data-testid="cohort-create">
        {creating ? 'Creating…' : 'Create cohort'}
      </button>
      {createError ? (
        <p role="alert" className="error-text" data-testid="cohort-create-error">
          {createError}
        </p>
      ) : null}
    </section>
  );
}

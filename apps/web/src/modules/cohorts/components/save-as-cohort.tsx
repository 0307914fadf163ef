'use client';
// "Save as cohort" for a Microscope list: the groups behind a segmentation point, a funnel bar or
// a retention cell become a static cohort (the whole list, not the page shown). Saving needs the
// secret key: a read-only session gets the server's reason.
import Link from 'next/link';
import { useState } from 'react';
import {
  type ChartPointInput,
  type FunnelPointInput,
  type RetentionCellInput,
  SaveFunnelMicroscopeCohortDocument,
  SaveMicroscopeCohortDocument,
  SaveRetentionMicroscopeCohortDocument,
} from '@/generated/graphql';
import { requestGraphql } from '@/lib/graphql-client';

/** Which Microscope list to save: one mutation per kind of chart. */
export type SavedList =
  | { kind: 'segmentation'; point: ChartPointInput }
  | { kind: 'funnel'; point: FunnelPointInput }
  | { kind: 'retention'; cell: RetentionCellInput };

async function saveList(name: string, list: SavedList): Promise<{ id: number; name: string; size: number }> {
  if (list.kind === 'funnel') {
    return (await requestGraphql(SaveFunnelMicroscopeCohortDocument, { name, point: list.point }))
      .saveFunnelMicroscopeCohort;
  }
  if (list.kind === 'retention') {
    return (await requestGraphql(SaveRetentionMicroscopeCohortDocument, { name, cell: list.cell }))
      .saveRetentionMicroscopeCohort;
  }
  return (await requestGraphql(SaveMicroscopeCohortDocument, { name, point: list.point })).saveMicroscopeCohort;
}

export function SaveAsCohort({ list, defaultName }: { list: SavedList; defaultName: string }) {
  const [name, setName] = useState(defaultName);
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<{ id: number; name: string; size: number } | { error: string } | null>(null);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaving(true);
    try {
      setOutcome(await saveList(name, list));
    } catch (error) {
      setOutcome({ error: error instanceof Error ? error.message : String(error) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="save-as-cohort" onSubmit={save}>
      <label>
        Cohort name{' '}
        <input value={name} onChange={(event) => setName(event.target.value)} data-testid="save-cohort-name" />
      </label>{' '}
      <button type="submit" className="button" disabled={saving || name.trim() === ''} data-testid="save-cohort">
        {saving ? 'Saving…' : 'Save as cohort'}
      </button>
      {outcome && 'error' in outcome ? (
        <p role="alert" className="error-text" data-testid="save-cohort-error">
          {outcome.error}
        </p>
      ) : outcome ? (
        <p role="status">
          Saved <Link href={`/cohorts/${outcome.id}`}>{outcome.name}</Link> ({outcome.size} groups).
        </p>
      ) : null}
    </form>
  );
}

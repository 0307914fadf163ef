'use client';
// "Save as cohort" for a Microscope list: the groups behind the point become a static cohort. It
// takes any point the API takes, so funnel and retention lists can use it the same way. Saving
// needs the secret key: a read-only session gets the server's reason.
import Link from 'next/link';
import { useState } from 'react';
import { type ChartPointInput, SaveMicroscopeCohortDocument } from '@/generated/graphql';
import { requestGraphql } from '@/lib/graphql-client';

export function SaveAsCohort({ point, defaultName }: { point: ChartPointInput; defaultName: string }) {
  const [name, setName] = useState(defaultName);
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<{ id: number; name: string; size: number } | { error: string } | null>(null);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaving(true);
    try {
      const result = await requestGraphql(SaveMicroscopeCohortDocument, { name, point });
      setOutcome(result.saveMicroscopeCohort);
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

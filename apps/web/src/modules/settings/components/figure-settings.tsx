'use client';
// Settings that change the figures: key actions (re-counted over all history when saved) and the
// trend bands, with a preview of how many groups each band would hold before saving.
import { type FormEvent, useEffect, useState } from 'react';
import { SetKeyActionsDocument, SetTrendThresholdsDocument, TrendBandPreviewDocument } from '@/generated/graphql';
import { formatInteger } from '@/lib/format';
import { useGraphqlMutation } from '@/lib/graphql-mutation';
import { useGraphqlQuery } from '@/lib/use-graphql-query';
import { trendPresentation } from '@/modules/groups/components/trend';
import { SavedNotice } from './saved-notice';

export function KeyActionsForm({ keyActions, onSaved }: { keyActions: string[]; onSaved(): void }) {
  const [text, setText] = useState(keyActions.join('\n'));
  const [saved, setSaved] = useState(false);
  const save = useGraphqlMutation(SetKeyActionsDocument);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const eventTypes = text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    if (await save.run({ eventTypes })) {
      setSaved(true);
      onSaved();
    }
  };
  return (
    <form className="settings-form" onSubmit={submit} aria-label="Key actions">
      <label className="stacked-label">
        Key actions: event types that show real use, one per line
        <textarea
          name="key-actions"
          rows={4}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setSaved(false);
          }}
          placeholder={'Report Created\nInvite Sent'}
        />
      </label>
      <p className="hint">
        Trends follow key actions when there are any, otherwise every event. Saving re-counts all history.
      </p>
      <button type="submit" className="button" disabled={save.isPending}>
        {save.isPending ? 'Re-counting…' : 'Save key actions'}
      </button>
      <SavedNotice error={save.error} saved={saved} />
    </form>
  );
}

const previewDelayMilliseconds = 400;

export function TrendThresholdsForm({
  steadyPercent,
  sharpPercent,
  groupTypes,
  onSaved,
}: {
  steadyPercent: number;
  sharpPercent: number;
  groupTypes: { name: string; displayPlural: string }[];
  onSaved(): void;
}) {
  const [steady, setSteady] = useState(String(steadyPercent));
  const [sharp, setSharp] = useState(String(sharpPercent));
  const [saved, setSaved] = useState(false);
  const save = useGraphqlMutation(SetTrendThresholdsDocument);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await save.run({ steadyPercent: Number(steady), sharpPercent: Number(sharp) })) {
      setSaved(true);
      onSaved();
    }
  };
  return (
    <form className="settings-form" onSubmit={submit} aria-label="Trend thresholds">
      <fieldset>
        <legend>Trend bands</legend>
        <label>
          Steady within ±{' '}
          <input
            name="steady-percent"
            type="number"
            min={0}
            step="any"
            value={steady}
            onChange={(event) => {
              setSteady(event.target.value);
              setSaved(false);
            }}
            required
          />{' '}
          %
        </label>{' '}
        <label>
          Falling sharply at or below{' '}
          <input
            name="sharp-percent"
            type="number"
            max={0}
            step="any"
            value={sharp}
            onChange={(event) => {
              setSharp(event.target.value);
              setSaved(false);
            }}
            required
          />{' '}
          %
        </label>
      </fieldset>
      {groupTypes.length ? (
        <TrendPreview groupTypes={groupTypes} steadyPercent={Number(steady)} sharpPercent={Number(sharp)} />
      ) : (
        <p className="hint">A preview of the bands shows once groups have arrived.</p>
      )}
      <button type="submit" className="button" disabled={save.isPending}>
        Save trend bands
      </button>
      <SavedNotice error={save.error} saved={saved} />
    </form>
  );
}

function TrendPreview({
  groupTypes,
  steadyPercent,
  sharpPercent,
}: {
  groupTypes: { name: string; displayPlural: string }[];
  steadyPercent: number;
  sharpPercent: number;
}) {
  const [groupType, setGroupType] = useState(groupTypes[0]!.name);
  // Typing "1", "15", "-5…" must not send a preview per keystroke: wait until the input rests.
  const [thresholds, setThresholds] = useState({ steadyPercent, sharpPercent });
  useEffect(() => {
    const timer = setTimeout(() => setThresholds({ steadyPercent, sharpPercent }), previewDelayMilliseconds);
    return () => clearTimeout(timer);
  }, [steadyPercent, sharpPercent]);
  const valid = Number.isFinite(thresholds.steadyPercent) && Number.isFinite(thresholds.sharpPercent);
  const preview = useGraphqlQuery(TrendBandPreviewDocument, {
    groupType,
    steadyPercent: valid ? thresholds.steadyPercent : 0,
    sharpPercent: valid ? thresholds.sharpPercent : 0,
  });
  const plural = groupTypes.find((type) => type.name === groupType)?.displayPlural ?? groupType;
  return (
    <div className="trend-preview" aria-live="polite" data-testid="trend-preview">
      <label>
        Preview for{' '}
        <select value={groupType} onChange={(event) => setGroupType(event.target.value)}>
          {groupTypes.map((type) => (
            <option key={type.name} value={type.name}>
              {type.displayPlural}
            </option>
          ))}
        </select>{' '}
        over the last 30 days
      </label>
      {preview.error ? (
        <p className="form-error">{preview.error.message}</p>
      ) : preview.data ? (
        <ul className={preview.isStale ? 'band-counts is-stale' : 'band-counts'}>
          {preview.data.trendBandPreview.map((band) => (
            <li key={band.label} data-band={band.label}>
              <span className={`pill pill-${trendPresentation[band.label].tone}`}>
                {trendPresentation[band.label].label}
              </span>{' '}
              <strong>{formatInteger(band.groups)}</strong> {plural.toLowerCase()}
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">Counting…</p>
      )}
    </div>
  );
}

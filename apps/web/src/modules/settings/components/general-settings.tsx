'use client';
// The project's name, and its time zone: a change rebuilds every rollup in the background, so the
// form follows the rebuild's progress; until it finishes every figure uses the old zone.
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import {
  ChangeTimeZoneDocument,
  RenameProjectDocument,
  TimeZoneChangeStatusDocument,
  type TimeZoneChangeStatusQuery,
} from '@/generated/graphql';
import { requestGraphql } from '@/lib/graphql-client';
import { useGraphqlMutation } from '@/lib/graphql-mutation';
import { forgetRememberedResults } from '@/lib/use-graphql-query';
import { SavedNotice } from './saved-notice';

export function ProjectNameForm({ name, onSaved }: { name: string; onSaved(): void }) {
  const [value, setValue] = useState(name);
  const [saved, setSaved] = useState(false);
  const rename = useGraphqlMutation(RenameProjectDocument);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await rename.run({ name: value })) {
      setSaved(true);
      onSaved();
    }
  };
  return (
    <form className="settings-form" onSubmit={submit} aria-label="Project name">
      <label>
        Name{' '}
        <input
          name="project-name"
          value={value}
          maxLength={200}
          required
          onChange={(event) => {
            setValue(event.target.value);
            setSaved(false);
          }}
        />
      </label>{' '}
      <button type="submit" className="button" disabled={rename.isPending || value.trim() === name}>
        Save name
      </button>
      <SavedNotice error={rename.error} saved={saved} />
    </form>
  );
}

type Change = NonNullable<TimeZoneChangeStatusQuery['timeZoneChange']>;

const stepDescriptions: Record<string, string> = {
  waiting: 'Waiting for the rollups to be free',
  folding_queued_events: 'Adding the latest events',
  clearing_rollups: 'Clearing the old daily figures',
  recomputing_rollups: 'Recomputing every day in the new time zone',
  recording_changes: 'Recording which groups changed',
  committing: 'Switching to the new figures',
  done: 'Done',
};

const pollMilliseconds = 1_000;

export function TimeZoneForm({ timeZone, onFinished }: { timeZone: string; onFinished(): void }) {
  const [value, setValue] = useState(timeZone);
  const [change, setChange] = useState<Change | null>(null);
  const [pollError, setPollError] = useState<string | null>(null);
  const start = useGraphqlMutation(ChangeTimeZoneDocument);
  const zones = useMemo(() => Intl.supportedValuesOf?.('timeZone') ?? [], []);
  const running = change?.state === 'RUNNING';
  const onFinishedRef = useRef(onFinished);
  onFinishedRef.current = onFinished;

  // A rebuild started earlier (another tab, before a reload) is followed too.
  useEffect(() => {
    void requestGraphql(TimeZoneChangeStatusDocument, {}).then(
      (data) => setChange(data.timeZoneChange ?? null),
      () => {},
    );
  }, []);

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      requestGraphql(TimeZoneChangeStatusDocument, {}).then(
        (data) => {
          setPollError(null);
          const next = data.timeZoneChange ?? null;
          setChange(next);
          if (next && next.state !== 'RUNNING') {
            forgetRememberedResults();
            onFinishedRef.current();
          }
        },
        (error: Error) => setPollError(`Could not read the rebuild's progress (${error.message}); retrying.`),
      );
    }, pollMilliseconds);
    return () => clearInterval(timer);
  }, [running]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await start.run({ timeZone: value.trim() });
    if (result) {
      const status = await requestGraphql(TimeZoneChangeStatusDocument, {}).catch(() => null);
      setChange(status?.timeZoneChange ?? null);
    }
  };

  return (
    <form className="settings-form" onSubmit={submit} aria-label="Time zone">
      <label>
        Time zone{' '}
        <input
          name="time-zone"
          list="time-zones"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          disabled={running}
          required
        />
      </label>
      <datalist id="time-zones">
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>{' '}
      <button type="submit" className="button" disabled={running || start.isPending || value.trim() === timeZone}>
        Change time zone
      </button>
      <p className="hint">
        Days start at midnight in this zone in every figure. Changing it recomputes every day of history in the
        background; until that finishes, figures use {timeZone}.
      </p>
      {start.error ? (
        <p className="form-error" role="alert">
          {start.error.message}
        </p>
      ) : null}
      {change ? <TimeZoneProgress change={change} /> : null}
      {pollError ? <p className="form-error">{pollError}</p> : null}
    </form>
  );
}

function TimeZoneProgress({ change }: { change: Change }) {
  if (change.state === 'FAILED') {
    return (
      <p className="form-error" role="alert" data-testid="time-zone-progress" data-state="failed">
        Changing to {change.toTimeZone} failed: {change.error}
      </p>
    );
  }
  if (change.state === 'FINISHED') {
    return (
      <p className="hint" role="status" data-testid="time-zone-progress" data-state="finished">
        Figures now use {change.toTimeZone}
        {change.fromTimeZone ? ` (was ${change.fromTimeZone})` : ''}.
      </p>
    );
  }
  return (
    <div role="status" aria-live="polite" data-testid="time-zone-progress" data-state="running">
      <progress value={change.completedSteps} max={change.totalSteps} aria-label="Rebuild progress" />{' '}
      <span>
        Changing to {change.toTimeZone}: {stepDescriptions[change.step] ?? change.step} (step{' '}
        {Math.min(change.completedSteps + 1, change.totalSteps)} of {change.totalSteps}). Figures use the old time zone
        until this finishes.
      </span>
    </div>
  );
}

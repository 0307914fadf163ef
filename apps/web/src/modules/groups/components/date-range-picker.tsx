'use client';
import { isLocalDay, rangePresets, type RangeChoice, type RangePreset } from '@leadmaps/shared';
import { useEffect, useState, type FormEvent } from 'react';

interface DateRangePickerProps {
  preset: RangeChoice;
  from: string;
  to: string;
  onPreset(preset: RangePreset): void;
  onCustom(from: string, to: string): void;
}

export function DateRangePicker({ preset, from, to, onPreset, onCustom }: DateRangePickerProps) {
  const [isEditingCustom, setIsEditingCustom] = useState(preset === 'custom');
  const [draftFrom, setDraftFrom] = useState(from);
  const [draftTo, setDraftTo] = useState(to);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    setDraftFrom(from);
    setDraftTo(to);
  }, [from, to]);
  useEffect(() => {
    if (preset === 'custom') setIsEditingCustom(true);
  }, [preset]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    if (!isLocalDay(draftFrom) || !isLocalDay(draftTo)) return setProblem('Pick both days.');
    if (draftFrom > draftTo) return setProblem('The first day must come before the last.');
    setProblem(null);
    onCustom(draftFrom, draftTo);
  };

  return (
    <div className="range-picker">
      {/* biome-ignore lint/a11y/useSemanticElements: a <fieldset> adds a border and padding; toggle buttons need only the grouping. */}
      <div className="segmented" role="group" aria-label="Date range">
        {rangePresets.map((days) => (
          <button
            key={days}
            type="button"
            aria-pressed={preset === days}
            data-range={days}
            onClick={() => {
              setIsEditingCustom(false);
              onPreset(days);
            }}
          >
            {days} days
            <span className="visually-hidden"> (Last {days} days)</span>
          </button>
        ))}
        <button
          type="button"
          aria-pressed={preset === 'custom' || isEditingCustom}
          data-range="custom"
          onClick={() => setIsEditingCustom(true)}
          aria-expanded={isEditingCustom}
        >
          Custom
        </button>
      </div>
      {isEditingCustom ? (
        <form className="custom-range" onSubmit={apply}>
          <label>
            From{' '}
            <input
              type="date"
              value={draftFrom}
              max={draftTo}
              onChange={(event) => setDraftFrom(event.target.value)}
              name="from"
            />
          </label>
          <label>
            To{' '}
            <input
              type="date"
              value={draftTo}
              min={draftFrom}
              onChange={(event) => setDraftTo(event.target.value)}
              name="to"
            />
          </label>
          <button type="submit" className="button">
            Apply
          </button>
          {problem ? (
            <span className="form-error" role="alert">
              {problem}
            </span>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}

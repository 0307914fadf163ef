'use client';
// The funnel's conversion window: an amount and a unit (1 minute to 90 days; the server checks).
import type { FunnelWindowUnit } from '@/generated/graphql';
import { windowUnitOptions } from '../funnel-definition';

export function FunnelWindowFields({
  amount,
  unit,
  onChange,
}: {
  amount: number;
  unit: FunnelWindowUnit;
  onChange(amount: number, unit: FunnelWindowUnit): void;
}) {
  return (
    <>
      <label>
        Conversion window
        <input
          type="number"
          min={1}
          step={1}
          required
          value={Number.isFinite(amount) ? amount : ''}
          onChange={(event) => onChange(Number.parseInt(event.target.value, 10), unit)}
        />
      </label>
      <label>
        Window unit
        <select value={unit} onChange={(event) => onChange(amount, event.target.value as FunnelWindowUnit)}>
          {windowUnitOptions.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

'use client';
// The chart on screen lives in the URL (see chart-definition.ts), written with replaceState like
// the Groups view: a link or a reload shows the same chart.
import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { type ChartDefinition, parseDefinition, serializeDefinition } from '../chart-definition';

export function useChartDefinition(): {
  definition: ChartDefinition | null;
  show(definition: ChartDefinition): void;
} {
  const searchParams = useSearchParams();
  const serialized = searchParams.toString();
  const definition = useMemo(() => parseDefinition(new URLSearchParams(serialized)), [serialized]);
  const show = useCallback((next: ChartDefinition) => {
    window.history.pushState(null, '', `?${serializeDefinition(next)}`);
  }, []);
  return { definition, show };
}

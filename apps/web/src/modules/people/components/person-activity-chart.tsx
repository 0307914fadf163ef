'use client';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PersonQuery } from '@/generated/graphql';
import { formatDay, formatInteger } from '@/lib/format';

type DailyPoint = NonNullable<PersonQuery['user']>['activity']['daily'][number];

/** A person's events per day; the days also sit in the markup (data-day) for tests and screen readers. */
export function PersonActivityChart({ points }: { points: DailyPoint[] }) {
  const total = points.reduce((sum, point) => sum + point.events, 0);
  return (
    <figure className="chart" aria-label={`Events per day, ${points.length} days, ${formatInteger(total)} in all`}>
      <ResponsiveContainer width="100%" height={200}>
        <BarChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} accessibilityLayer>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e5e7eb" />
          <XAxis
            dataKey="day"
            tickFormatter={(day: string) => formatDay(day)}
            tick={{ fontSize: 12 }}
            minTickGap={16}
          />
          <YAxis tick={{ fontSize: 12 }} width={40} allowDecimals={false} />
          <Tooltip
            labelFormatter={(day) => formatDay(String(day), { dateStyle: 'medium' })}
            formatter={(value) => formatInteger(Number(value))}
          />
          <Bar dataKey="events" name="Events" fill="#1d4ed8" />
        </BarChart>
      </ResponsiveContainer>
      <ol className="visually-hidden person-daily">
        {points.map((point) => (
          <li key={point.day} data-day={point.day} data-events={point.events}>
            {point.day}: {point.events}
          </li>
        ))}
      </ol>
    </figure>
  );
}

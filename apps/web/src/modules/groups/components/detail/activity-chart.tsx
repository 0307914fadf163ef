'use client';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { GroupDetailQuery } from '@/generated/graphql';
import { formatDay, formatInteger } from '@/lib/format';

type ActivityPoint = NonNullable<GroupDetailQuery['group']>['activity'][number];
type WeeklyPoint = NonNullable<GroupDetailQuery['group']>['weeklyActiveUsers'][number];

const colors = { events: '#9db4d8', keyActions: '#1d4ed8', people: '#0f766e' };

export function ActivityChart({ points, interval }: { points: ActivityPoint[]; interval: 'DAY' | 'WEEK' }) {
  const description = `${interval === 'DAY' ? 'Daily' : 'Weekly'} events and key actions, ${points.length} ${interval === 'DAY' ? 'days' : 'weeks'}`;
  return (
    <figure className="chart" aria-label={description}>
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} accessibilityLayer>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e5e7eb" />
          <XAxis
            dataKey="start"
            tickFormatter={(day: string) => formatDay(day)}
            tick={{ fontSize: 12 }}
            minTickGap={16}
          />
          <YAxis
            yAxisId="count"
            tick={{ fontSize: 12 }}
            tickFormatter={(value: number) => formatInteger(value)}
            width={48}
            allowDecimals={false}
          />
          <YAxis yAxisId="people" orientation="right" tick={{ fontSize: 12 }} width={36} allowDecimals={false} />
          <Tooltip
            labelFormatter={(day) =>
              interval === 'WEEK'
                ? `Week of ${formatDay(String(day))}`
                : formatDay(String(day), { dateStyle: 'medium' })
            }
            formatter={(value) => formatInteger(Number(value))}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar yAxisId="count" dataKey="events" name="Events" fill={colors.events} isAnimationActive={false} />
          <Line
            yAxisId="count"
            dataKey="keyActions"
            name="Key actions"
            stroke={colors.keyActions}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            yAxisId="people"
            dataKey="activePeople"
            name="Active people (right axis)"
            stroke={colors.people}
            strokeWidth={2}
            strokeDasharray="4 3"
            dot={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
      <figcaption className="visually-hidden">{description}</figcaption>
    </figure>
  );
}

export function WeeklyActiveUsersChart({ points }: { points: WeeklyPoint[] }) {
  return (
    <figure className="chart" aria-label={`Weekly active users, ${points.length} weeks`}>
      <ResponsiveContainer width="100%" height={200}>
        <ComposedChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} accessibilityLayer>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e5e7eb" />
          <XAxis
            dataKey="weekStart"
            tickFormatter={(day: string) => formatDay(day)}
            tick={{ fontSize: 12 }}
            minTickGap={16}
          />
          <YAxis tick={{ fontSize: 12 }} width={36} allowDecimals={false} />
          <Tooltip labelFormatter={(day) => `Week of ${formatDay(String(day), { dateStyle: 'medium' })}`} />
          <Bar dataKey="users" name="Active people" fill={colors.people} isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}

'use client';
// A composition answer: groups (and their people) per value of a group property, as bars and a table.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CompositionChartQuery } from '@/generated/graphql';
import { formatDayRange, formatInteger } from '@/lib/format';

type Composition = CompositionChartQuery['composition'];

export function CompositionResult({ result }: { result: Composition }) {
  const rows = result.rows.map((row) => ({ label: row.breakdown.label, groups: row.groups, people: row.people }));
  const scope = result.range ? `active ${formatDayRange(result.range.from, result.range.to)}` : 'all groups';
  return (
    <div className="composition-result">
      <p className="muted" data-testid="composition-summary">
        {formatInteger(result.totalGroups)} {result.groupType} groups ({scope}) with {formatInteger(result.totalPeople)}{' '}
        people, by {result.property}
      </p>
      <figure className="chart" aria-label={`Composition of ${result.groupType} groups by ${result.property}`}>
        <ResponsiveContainer width="100%" height={300}>
          <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }} accessibilityLayer>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e5e7eb" />
            <XAxis dataKey="label" tick={{ fontSize: 12 }} />
            <YAxis tick={{ fontSize: 12 }} width={48} allowDecimals={false} />
            <Tooltip formatter={(value) => formatInteger(Number(value))} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="groups" name="Groups" fill="#1d4ed8" isAnimationActive={false} />
            <Bar dataKey="people" name="People" fill="#0f766e" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <div className="table-scroll">
        <table className="data-table analysis-table composition-table">
          <thead>
            <tr>
              <th scope="col">{result.property}</th>
              <th scope="col">Groups</th>
              <th scope="col">People</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((row) => (
              <tr key={`${row.breakdown.kind}-${row.breakdown.label}`} data-label={row.breakdown.label}>
                <th scope="row">{row.breakdown.label}</th>
                <td data-groups={row.groups}>{formatInteger(row.groups)}</td>
                <td data-people={row.people}>{formatInteger(row.people)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

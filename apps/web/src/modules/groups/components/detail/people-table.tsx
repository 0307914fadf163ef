import { inactiveWindowDays } from '@leadmaps/shared';
import Link from 'next/link';
import type { GroupDetailQuery } from '@/generated/graphql';
import { formatDateTime, formatInteger, formatRelativeTime } from '@/lib/format';

type Person = NonNullable<GroupDetailQuery['group']>['people'][number];
// The same window after which the risk rule counts a person as inactive.
const quietAfterMilliseconds = inactiveWindowDays * 24 * 3600 * 1000;

export function PeopleTable({ people, now = Date.now() }: { people: Person[]; now?: number }) {
  if (!people.length)
    return (
      <p className="muted">No people are attributed to this company yet; only organisation-level events arrived.</p>
    );
  return (
    <div className="table-scroll">
      <table className="data-table compact">
        <caption className="visually-hidden">People in this company, most active in the range first</caption>
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col" className="numeric">
              Events in range
            </th>
            <th scope="col" className="numeric">
              Active days
            </th>
            <th scope="col">First seen</th>
            <th scope="col">Last seen</th>
          </tr>
        </thead>
        <tbody>
          {people.map((person) => {
            const isQuiet = now - new Date(person.lastSeen).getTime() >= quietAfterMilliseconds;
            const label = person.userId ?? person.deviceId ?? 'unknown';
            return (
              <tr key={`${person.userId ?? ''}|${person.deviceId ?? ''}`} data-quiet={isQuiet ? 'true' : undefined}>
                <td>
                  {person.userId ? (
                    <Link href={`/people/${encodeURIComponent(person.userId)}`}>{label}</Link>
                  ) : (
                    <>
                      {label}
                      <span className="muted small"> (device)</span>
                    </>
                  )}
                </td>
                <td className="numeric">{formatInteger(person.events)}</td>
                <td className="numeric">{formatInteger(person.activeDays)}</td>
                <td>
                  <time dateTime={person.firstSeen} title={formatDateTime(person.firstSeen)}>
                    {formatRelativeTime(person.firstSeen, now)}
                  </time>
                </td>
                <td>
                  <time dateTime={person.lastSeen} title={formatDateTime(person.lastSeen)}>
                    {formatRelativeTime(person.lastSeen, now)}
                  </time>
                  {isQuiet ? <span className="badge badge-quiet">quiet {inactiveWindowDays}+ days</span> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

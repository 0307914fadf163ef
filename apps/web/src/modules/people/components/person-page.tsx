'use client';
// A person's page: who they are, the accounts they belong to with their activity in each (a
// consultant shows several), what they did over the last 30 days (per day) and their latest events.
import Link from 'next/link';
import { useParams } from 'next/navigation';
import type { ReactNode } from 'react';
import { EmptyView, ErrorView, LoadingView, QueryView } from '@/components/state-views';
import { PersonDocument, type PersonQuery } from '@/generated/graphql';
import { formatDateTime, formatInteger, formatPropertyValue, formatRelativeTime } from '@/lib/format';
import { useGraphqlQuery } from '@/lib/use-graphql-query';
import { PersonActivityChart } from './person-activity-chart';

type Person = NonNullable<PersonQuery['user']>;

const backLink = (
  <Link href="/groups" className="back-link">
    ← All groups
  </Link>
);

export function groupHref(group: { groupType: string; value: string }): string {
  return `/groups/${encodeURIComponent(group.groupType)}/${encodeURIComponent(group.value)}`;
}

export function PersonPage() {
  const params = useParams<{ userId: string }>();
  const userId = decodeURIComponent(params.userId);
  const person = useGraphqlQuery(PersonDocument, { userId, range: null });
  const frame = (content: ReactNode) => (
    <>
      {backLink}
      {content}
    </>
  );
  return (
    <QueryView
      query={person}
      loading={frame(
        <>
          <h1>{userId}</h1>
          <LoadingView label="Loading the person…" rows={8} />
        </>,
      )}
      failure={(error, retry) =>
        frame(<ErrorView title="Could not load this person" message={error.message} onRetry={retry} />)
      }
      isEmpty={(data) => data.user === null}
      empty={frame(
        <EmptyView title="No such person">
          <p>
            No person with user id <code>{userId}</code> exists in this project.
          </p>
        </EmptyView>,
      )}
      success={({ user }) => (user ? <PersonContent person={user} /> : null)}
    />
  );
}

function PersonContent({ person }: { person: Person }) {
  const { activity } = person;
  const properties = Object.entries((person.properties ?? {}) as Record<string, unknown>);
  return (
    <article className="person-detail" data-user-id={person.userId ?? undefined}>
      {backLink}
      <div className="page-header">
        <div>
          <h1>{person.userId}</h1>
          <p className="subtitle">
            first seen <time dateTime={person.firstSeen}>{formatDateTime(person.firstSeen)}</time> · last seen{' '}
            <time dateTime={person.lastSeen} title={formatDateTime(person.lastSeen)}>
              {formatRelativeTime(person.lastSeen)}
            </time>
            {person.deviceIds.length ? <span className="muted"> · device {person.deviceIds.join(', ')}</span> : null}
          </p>
        </div>
      </div>

      <section aria-label="Activity" className="person-activity">
        <h2>
          Last {activity.range.days} days ({activity.range.from} – {activity.range.to})
        </h2>
        <dl className="person-figures">
          <div data-figure="events">
            <dt>Events</dt>
            <dd>{formatInteger(activity.events)}</dd>
          </div>
          <div data-figure="active-days">
            <dt>Active days</dt>
            <dd>{formatInteger(activity.activeDays)}</dd>
          </div>
          <div data-figure="sessions">
            <dt>Sessions</dt>
            <dd>{formatInteger(activity.sessions)}</dd>
          </div>
          <div data-figure="event-types">
            <dt>Event types</dt>
            <dd>{formatInteger(activity.eventTypes)}</dd>
          </div>
        </dl>
        <PersonActivityChart points={activity.daily} />
      </section>

      <section aria-label="Accounts">
        <h2>Accounts</h2>
        {person.groups.length ? (
          <div className="table-scroll">
            <table className="data-table compact person-accounts">
              <caption className="visually-hidden">The accounts of this person, most recently active first</caption>
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Type</th>
                  <th scope="col">Membership</th>
                  <th scope="col" className="numeric">
                    Events
                  </th>
                  <th scope="col">Since</th>
                  <th scope="col">Last activity</th>
                </tr>
              </thead>
              <tbody>
                {person.groups.map((membership) => (
                  <tr
                    key={`${membership.group.groupType}|${membership.group.value}`}
                    data-group-value={membership.group.value}
                    data-kind={membership.kind}
                  >
                    <td>
                      <Link href={groupHref(membership.group)}>{membership.group.name}</Link>
                    </td>
                    <td>{membership.group.groupType}</td>
                    <td>{membership.kind === 'USER_LEVEL' ? 'user-level' : 'through events'}</td>
                    <td className="numeric">{formatInteger(membership.events)}</td>
                    <td>
                      <time dateTime={membership.since}>{formatDateTime(membership.since)}</time>
                    </td>
                    <td>
                      {membership.lastActivity ? (
                        <time dateTime={membership.lastActivity} title={formatDateTime(membership.lastActivity)}>
                          {formatRelativeTime(membership.lastActivity)}
                        </time>
                      ) : (
                        <span className="muted">none yet</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">This person belongs to no account yet.</p>
        )}
      </section>

      <section aria-label="Properties">
        <h2>Properties</h2>
        {properties.length ? (
          <dl className="person-properties">
            {properties.map(([key, value]) => (
              <div key={key}>
                <dt>{key}</dt>
                <dd>{formatPropertyValue(value)}</dd>
              </div>
            ))}
          </dl>
        ) : (
          <p className="muted">No user properties.</p>
        )}
      </section>

      <section aria-label="Recent events">
        <h2>Recent events</h2>
        {person.events.edges.length ? (
          <ol className="event-list person-events">
            {person.events.edges.map(({ node }) => (
              <li key={node.id} data-event-type={node.eventType}>
                <time dateTime={node.time} title={formatDateTime(node.time)}>
                  {formatDateTime(node.time)}
                </time>
                <span className="event-type">{node.eventType}</span>
                <span className="muted small">
                  {node.groups.map((attributed, index) => (
                    <span key={`${attributed.group.groupType}|${attributed.group.value}`}>
                      {index ? ' · ' : null}
                      <Link href={groupHref(attributed.group)}>{attributed.group.name}</Link>
                      {attributed.attribution === 'USER_LEVEL' ? ' (user-level)' : ''}
                    </span>
                  ))}
                </span>
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">No events yet.</p>
        )}
        {person.events.pageInfo.hasNextPage ? <p className="muted small">Showing the latest 50.</p> : null}
      </section>
    </article>
  );
}

'use client';
// Finding a person: by part of their user id, device id, email or name (the `users(search)` query),
// most recently seen first; each identified person opens their page. The URL keeps the search and
// the page, so a search can be shared and the back button returns to it.
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, useEffect, useState } from 'react';
import { QueryView } from '@/components/state-views';
import { PeopleSearchDocument, type PeopleSearchQuery } from '@/generated/graphql';
import { formatDateTime, formatInteger, formatPropertyValue, formatRelativeTime } from '@/lib/format';
import { useGraphqlQuery } from '@/lib/use-graphql-query';

const pageSize = 50;

type Person = PeopleSearchQuery['users']['edges'][number]['node'];

export function personHref(userId: string): string {
  return `/people/${encodeURIComponent(userId)}`;
}

const propertyText = (person: Person, keys: string[]) => {
  const properties = (person.properties ?? {}) as Record<string, unknown>;
  const key = keys.find((candidate) => properties[candidate] !== undefined && properties[candidate] !== null);
  return key ? formatPropertyValue(properties[key]) : '';
};

export function PeopleSearchPage() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const search = searchParams.get('search') ?? '';
  const after = searchParams.get('after');
  const [text, setText] = useState(search);
  useEffect(() => setText(search), [search]);
  const people = useGraphqlQuery(PeopleSearchDocument, { search: search || null, first: pageSize, after });

  const go = (nextSearch: string, nextAfter: string | null) => {
    const params = new URLSearchParams();
    if (nextSearch) params.set('search', nextSearch);
    if (nextAfter) params.set('after', nextAfter);
    const query = params.toString();
    router.replace(query ? `${pathname}?${query}` : pathname);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    go(text.trim(), null);
  };

  return (
    <>
      <div className="page-header">
        <div>
          <h1>People</h1>
          <p className="subtitle">Most recently seen first.</p>
        </div>
      </div>
      <form className="filters" aria-label="Search people" onSubmit={submit}>
        <div className="search-field">
          <label htmlFor="person-search" className="visually-hidden">
            Search people by user id, device id, email or name
          </label>
          <input
            id="person-search"
            type="search"
            placeholder="User id, device id, email or name…"
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </div>
        <button type="submit" className="button">
          Search
        </button>
      </form>
      <QueryView
        query={people}
        isEmpty={(data) => data.users.edges.length === 0}
        empty={
          <p className="muted" data-testid="people-empty">
            {search ? `No one matches “${search}”.` : 'No people have arrived yet.'}
          </p>
        }
        success={({ users }) => (
          <>
            <p className="muted small" data-testid="people-count">
              {formatInteger(users.totalCount)} {users.totalCount === 1 ? 'person' : 'people'}
            </p>
            <div className="table-scroll">
              <table className="data-table compact people-search-results">
                <caption className="visually-hidden">People matching the search, most recently seen first</caption>
                <thead>
                  <tr>
                    <th scope="col">Person</th>
                    <th scope="col">Email</th>
                    <th scope="col">Name</th>
                    <th scope="col">Last seen</th>
                  </tr>
                </thead>
                <tbody>
                  {users.edges.map(({ cursor, node: person }) => (
                    <tr key={cursor} data-user-id={person.userId ?? undefined}>
                      <td>
                        {person.userId ? (
                          <Link href={personHref(person.userId)}>{person.userId}</Link>
                        ) : (
                          <span>
                            {person.deviceIds[0] ?? 'unknown'} <span className="muted small">(anonymous device)</span>
                          </span>
                        )}
                      </td>
                      <td>{propertyText(person, ['email', '$email'])}</td>
                      <td>{propertyText(person, ['name', '$name'])}</td>
                      <td title={formatDateTime(person.lastSeen)}>{formatRelativeTime(person.lastSeen)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="pagination">
              {after ? (
                <button type="button" className="link-button" onClick={() => go(search, null)}>
                  ← First page
                </button>
              ) : null}
              {users.pageInfo.hasNextPage ? (
                <button type="button" className="link-button" onClick={() => go(search, users.pageInfo.endCursor)}>
                  Next page →
                </button>
              ) : null}
            </div>
          </>
        )}
      />
    </>
  );
}

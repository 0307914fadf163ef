'use client';
import { Fragment, useState } from 'react';
import type { GroupDetailQuery } from '@/generated/graphql';
import { formatDateTime, formatPropertyValue } from '@/lib/format';

type PropertyChange = NonNullable<GroupDetailQuery['group']>['propertyHistory'][number];
type PropertySource = NonNullable<GroupDetailQuery['group']>['propertyList'][number];

/** Who set the current value; values computed by a dynamic property stand out from sent ones. */
function SourceLabel({ source }: { source: string | null | undefined }) {
  if (!source) return <span className="muted">—</span>;
  if (source === 'dynamic')
    return (
      <span className="badge badge-dynamic" title="Computed by leadmaps from a saved chart (dynamic property)">
        dynamic
      </span>
    );
  return <span className="muted small">{source}</span>;
}

/** Current properties with who set each, each with its history (newest first) one click away. */
export function PropertiesPanel({
  properties,
  history,
  sources = [],
}: {
  properties: unknown;
  history: PropertyChange[];
  sources?: PropertySource[];
}) {
  const [openKey, setOpenKey] = useState<string | null>(null);
  const sourceByKey = new Map(sources.map((entry) => [entry.key, entry.source]));
  const current =
    properties && typeof properties === 'object' ? Object.entries(properties as Record<string, unknown>) : [];
  const historyByKey = new Map<string, PropertyChange[]>();
  for (const change of history) historyByKey.set(change.key, [...(historyByKey.get(change.key) ?? []), change]);
  const removedKeys = [...historyByKey.keys()].filter((key) => !current.some(([currentKey]) => currentKey === key));

  if (!current.length && !removedKeys.length)
    return (
      <p className="muted">No properties yet. Set them with groupIdentify (Amplitude) or group traits (Segment).</p>
    );
  const rows: Array<[string, unknown, boolean]> = [
    ...current
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, value]): [string, unknown, boolean] => [key, value, false]),
    ...removedKeys.map((key): [string, unknown, boolean] => [key, undefined, true]),
  ];

  return (
    <table className="data-table compact properties">
      <caption className="visually-hidden">Company properties</caption>
      <thead>
        <tr>
          <th scope="col">Property</th>
          <th scope="col">Value</th>
          <th scope="col">Source</th>
          <th scope="col">History</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([key, value, isRemoved]) => {
          const changes = [...(historyByKey.get(key) ?? [])].sort((a, b) => b.changedAt.localeCompare(a.changedAt));
          const isOpen = openKey === key;
          return (
            <Fragment key={key}>
              <tr>
                <th scope="row">{key}</th>
                <td className={isRemoved ? 'muted' : undefined}>
                  {isRemoved ? '(removed)' : formatPropertyValue(value)}
                </td>
                <td>{isRemoved ? <span className="muted">—</span> : <SourceLabel source={sourceByKey.get(key)} />}</td>
                <td>
                  {changes.length ? (
                    <button
                      type="button"
                      className="link-button"
                      aria-expanded={isOpen}
                      onClick={() => setOpenKey(isOpen ? null : key)}
                    >
                      {changes.length} {changes.length === 1 ? 'change' : 'changes'}
                    </button>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
              {isOpen ? (
                <tr className="history-row">
                  <td colSpan={4}>
                    <ol className="history">
                      {changes.map((change, index) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: changes have no id and may repeat; the list is only replaced whole.
                        <li key={index}>
                          <time dateTime={change.changedAt}>{formatDateTime(change.changedAt)}</time>{' '}
                          <code>{change.operation}</code>{' '}
                          {change.value === null ? (
                            <span className="muted">removed</span>
                          ) : (
                            formatPropertyValue(change.value)
                          )}{' '}
                          <span className="muted small">via</span> <SourceLabel source={change.source} />
                        </li>
                      ))}
                    </ol>
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}

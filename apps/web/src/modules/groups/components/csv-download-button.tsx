'use client';
// Downloads the rows of the current view (same range, sort and filters), page by page, up to
// exportRowLimit rows. Past that a browser tab holds too much: the button says so before the
// download, and a notice after it says how many rows were left out.
import { describeTrendMetric } from '@leadmaps/shared';
import { useState } from 'react';
import { GroupsExportDocument, type GroupsExportQuery, type GroupsExportQueryVariables } from '@/generated/graphql';
import { toCsv, downloadTextFile } from '@/lib/csv';
import { formatInteger } from '@/lib/format';
import { requestGraphql } from '@/lib/graphql-client';
import { trendPresentation } from './trend';

const exportPageSize = 200; // the API's largest page
const exportRowLimit = 50_000;

const header = [
  'Name',
  'Group type',
  'Group value',
  'Active people',
  'People on record',
  'Key actions',
  'Events',
  'Sessions',
  'Trend',
  'Trend change %',
  'Trend metric',
  'Current period',
  'Previous period',
  'Last seen',
  'At risk',
  'Risk reasons',
];

type ExportRow = GroupsExportQuery['groups']['edges'][number]['node'];

function toCsvRow(node: ExportRow): (string | number | null)[] {
  return [
    node.name,
    node.groupType,
    node.value,
    node.activePeople,
    node.peopleOnRecord,
    node.keyActions,
    node.events,
    node.sessions,
    trendPresentation[node.trend.label].label,
    node.trend.percentChange === null ? null : Math.round(node.trend.percentChange * 10) / 10,
    describeTrendMetric(node.trend.metric),
    node.trend.current,
    node.trend.previous,
    node.lastSeen,
    node.atRisk ? 'yes' : 'no',
    node.riskReasons.join('; '),
  ];
}

interface CsvDownloadButtonProps {
  variables: Omit<GroupsExportQueryVariables, 'first' | 'after'>;
  /** Rows in the current view, when known: a view past the limit is labelled as such. */
  rowCount: number | undefined;
  fileName: string;
}

export function CsvDownloadButton({ variables, rowCount, fileName }: CsvDownloadButtonProps) {
  const [progress, setProgress] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [truncation, setTruncation] = useState<string | null>(null);

  const download = async () => {
    setProblem(null);
    setTruncation(null);
    setProgress('Preparing…');
    try {
      const rows: (string | number | null)[][] = [];
      let after: string | null = null;
      let totalCount = 0;
      do {
        const data: GroupsExportQuery = await requestGraphql(GroupsExportDocument, {
          ...variables,
          first: exportPageSize,
          after,
        });
        for (const { node } of data.groups.edges) rows.push(toCsvRow(node));
        totalCount = data.groups.totalCount;
        setProgress(`Preparing ${rows.length} of ${Math.min(totalCount, exportRowLimit)}…`);
        after = data.groups.pageInfo.hasNextPage ? data.groups.pageInfo.endCursor : null;
      } while (after && rows.length < exportRowLimit);
      downloadTextFile(fileName, toCsv(header, rows));
      setProgress(null);
      if (after) {
        setTruncation(
          `The file holds the first ${formatInteger(rows.length)} of ${formatInteger(totalCount)} rows; ` +
            'narrow the view (filters, date range) to export the rest.',
        );
      }
    } catch (error) {
      setProgress(null);
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };

  const isOverLimit = rowCount !== undefined && rowCount > exportRowLimit;
  const label = isOverLimit ? `Download CSV (first ${formatInteger(exportRowLimit)} rows)` : 'Download CSV';
  const describedBy = problem ? 'csv-problem' : truncation ? 'csv-truncated' : undefined;
  return (
    <span className="csv-download">
      <button
        type="button"
        className="button"
        onClick={download}
        disabled={progress !== null}
        aria-describedby={describedBy}
      >
        {progress ?? label}
      </button>
      {problem ? (
        <span id="csv-problem" className="form-error" role="alert">
          CSV failed: {problem}
        </span>
      ) : null}
      {truncation ? (
        <span id="csv-truncated" className="csv-notice muted small" role="status" data-testid="csv-truncated">
          {truncation}
        </span>
      ) : null}
    </span>
  );
}

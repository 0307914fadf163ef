'use client';
// Downloads every row of the current view (same range, sort and filters), page by page.
import { useState } from 'react';
import { GroupsExportDocument, type GroupsExportQuery, type GroupsExportQueryVariables } from '@/generated/graphql';
import { toCsv, downloadTextFile } from '@/lib/csv';
import { requestGraphql } from '@/lib/graphql-client';
import { trendPresentation } from './trend';

const exportPageSize = 200; // the API's largest page
const exportRowLimit = 50_000;

const header = [
  'Name', 'Group type', 'Group value', 'Active people', 'People on record', 'Key actions', 'Events', 'Sessions',
  'Trend', 'Trend change %', 'Trend metric', 'Current period', 'Previous period', 'Last seen', 'At risk', 'Risk reasons',
];

export function CsvDownloadButton({ variables, fileName }: { variables: Omit<GroupsExportQueryVariables, 'first' | 'after'>; fileName: string }) {
  const [progress, setProgress] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const download = async () => {
    setProblem(null);
    setProgress('Preparing…');
    try {
      const rows: (string | number | null)[][] = [];
      let after: string | null = null;
      do {
        const data: GroupsExportQuery = await requestGraphql(GroupsExportDocument, { ...variables, first: exportPageSize, after });
        for (const { node } of data.groups.edges) {
          rows.push([
            node.name, node.groupType, node.value, node.activePeople, node.peopleOnRecord, node.keyActions, node.events, node.sessions,
            trendPresentation[node.trend.label].label,
            node.trend.percentChange === null ? null : Math.round(node.trend.percentChange * 10) / 10,
            node.trend.metric === 'KEY_ACTIONS' ? 'key actions' : 'events',
            node.trend.current, node.trend.previous, node.lastSeen, node.atRisk ? 'yes' : 'no', node.riskReasons.join('; '),
          ]);
        }
        setProgress(`Preparing ${rows.length} of ${data.groups.totalCount}…`);
        after = data.groups.pageInfo.hasNextPage ? data.groups.pageInfo.endCursor : null;
      } while (after && rows.length < exportRowLimit);
      downloadTextFile(fileName, toCsv(header, rows));
      setProgress(null);
    } catch (error) {
      setProgress(null);
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <span className="csv-download">
      <button type="button" className="button" onClick={download} disabled={progress !== null} aria-describedby={problem ? 'csv-problem' : undefined}>
        {progress ?? 'Download CSV'}
      </button>
      {problem ? (
        <span id="csv-problem" className="form-error" role="alert">
          CSV failed: {problem}
        </span>
      ) : null}
    </span>
  );
}

'use client';
// A static cohort from a file (one group per line), sent as is to POST /cohorts/import, which
// answers with the cohort and how each line matched. The server imports all or nothing.
import Link from 'next/link';
import { useState } from 'react';

interface ImportReport {
  lineCount: number;
  matchedCount: number;
  unmatchedLines: { line: number; text: string }[];
  ambiguousLines: { line: number; text: string; matches: number }[];
  blankLines: number[];
  duplicateLines: { line: number; firstLine: number; text: string }[];
}

interface ImportAnswer {
  cohort?: { id: number; name: string; size: number };
  report?: ImportReport;
  error?: string;
}

export function CohortImportForm({ groupTypes, onImported }: { groupTypes: string[]; onImported(): void }) {
  const [name, setName] = useState('');
  const [groupType, setGroupType] = useState(groupTypes[0] ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [answer, setAnswer] = useState<ImportAnswer | null>(null);
  const [sending, setSending] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setSending(true);
    try {
      const query = new URLSearchParams({ name, groupType });
      const response = await fetch(`/cohorts/import?${query}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/octet-stream' },
        body: file,
      });
      const body = (await response
        .json()
        .catch(() => ({ error: `The server answered ${response.status}.` }))) as ImportAnswer;
      setAnswer(body);
      if (response.ok) onImported();
    } catch {
      setAnswer({ error: 'Could not reach the leadmaps server. Check that it is running, then retry.' });
    } finally {
      setSending(false);
    }
  };

  const report = answer?.report;
  return (
    <section className="cohort-import" aria-labelledby="cohort-import-heading">
      <h2 id="cohort-import-heading">Import a list</h2>
      <p className="hint">
        One group per line (its name, else its value); UTF-8, up to 100,000 lines. Nothing is imported if the file is
        refused.
      </p>
      <form onSubmit={submit} className="form-row">
        <label>
          Name <input value={name} onChange={(event) => setName(event.target.value)} data-testid="import-name" />
        </label>
        <label>
          Group type{' '}
          <select value={groupType} onChange={(event) => setGroupType(event.target.value)}>
            {groupTypes.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </label>
        <label>
          File{' '}
          <input
            type="file"
            accept=".txt,.csv,text/plain,text/csv"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
            data-testid="import-file"
          />
        </label>
        <button type="submit" className="button" disabled={!file || sending} data-testid="import-submit">
          {sending ? 'Importing…' : 'Import'}
        </button>
      </form>
      {answer?.error ? (
        <p role="alert" className="error-text" data-testid="import-error">
          {answer.error}
        </p>
      ) : null}
      {report && answer?.cohort ? (
        <div data-testid="import-report" aria-live="polite">
          <p>
            <Link href={`/cohorts/${answer.cohort.id}`}>{answer.cohort.name}</Link>: {report.matchedCount} of{' '}
            {report.lineCount} lines matched a group.
          </p>
          <ul>
            {report.unmatchedLines.map((line) => (
              <li key={`u${line.line}`}>
                Line {line.line} ({line.text}): no group
              </li>
            ))}
            {report.ambiguousLines.map((line) => (
              <li key={`a${line.line}`}>
                Line {line.line} ({line.text}): {line.matches} groups share this name
              </li>
            ))}
            {report.duplicateLines.map((line) => (
              <li key={`d${line.line}`}>
                Line {line.line} repeats line {line.firstLine}
              </li>
            ))}
            {report.blankLines.length ? <li>Blank lines: {report.blankLines.join(', ')}</li> : null}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

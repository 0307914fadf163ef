'use client';
// Export and import of the settings JSON (never credentials): the export downloads the API's
// file as is, the import sends a file or pasted text to the API, which checks it with the same
// schema as the form's input.
import { useState } from 'react';
import { ExportSalesforceSyncDocument, ImportSalesforceSyncDocument } from '@/generated/graphql';
import { requestGraphql } from '@/lib/graphql-client';
import { useMutation } from '../hooks/use-mutation';
import { MutationOutcomeMessage } from './mutation-outcome';

export function SalesforceTransfer({ configured, onImported }: { configured: boolean; onImported(): void }) {
  const [json, setJson] = useState('');
  const [exportError, setExportError] = useState<string | null>(null);
  const importing = useMutation(ImportSalesforceSyncDocument, onImported);

  const download = async () => {
    setExportError(null);
    try {
      const result = await requestGraphql(ExportSalesforceSyncDocument, {});
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([result.exportSalesforceSync], { type: 'application/json' }));
      link.download = 'leadmaps-salesforce-sync.json';
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (error) {
      setExportError(error instanceof Error ? error.message : String(error));
    }
  };

  return (
    <section aria-labelledby="salesforce-transfer-heading">
      <h2 id="salesforce-transfer-heading">Export and import</h2>
      <p className="hint">The file holds the settings without credentials; an import keeps the stored credentials.</p>
      <div className="page-actions">
        <button type="button" className="button" disabled={!configured} onClick={() => void download()}>
          Export settings (JSON)
        </button>
      </div>
      {exportError ? (
        <p className="form-error" role="alert">
          {exportError}
        </p>
      ) : null}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (json.trim()) void importing.run({ json });
        }}
        aria-label="Import settings"
      >
        <label>
          <span className="form-label">Settings file</span>
          <input
            type="file"
            accept="application/json,.json"
            onChange={async (event) => {
              const file = event.target.files?.[0];
              if (file) setJson(await file.text());
            }}
          />
        </label>
        <label>
          <span className="form-label">or paste its JSON</span>
          <textarea name="importJson" rows={6} value={json} onChange={(event) => setJson(event.target.value)} />
        </label>
        <button type="submit" className="button" disabled={!json.trim() || importing.pending}>
          Import settings
        </button>
        <MutationOutcomeMessage outcome={importing.outcome} doneText="Settings imported." />
      </form>
    </section>
  );
}

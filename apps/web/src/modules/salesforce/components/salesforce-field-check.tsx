'use client';
// "Check fields": asks Salesforce (with the saved connection) for the object's fields and says,
// for the match field, the name field and every mapping, whether the object has it.
import { useState } from 'react';
import { SalesforceObjectFieldsDocument } from '@/generated/graphql';
import { requestGraphql } from '@/lib/graphql-client';
import { checkFields, type FieldCheck } from './field-check';

type CheckState =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'failed'; message: string }
  | { kind: 'checked'; objectName: string; checks: FieldCheck[] };

export function SalesforceFieldCheck({
  configured,
  objectName,
  fields,
}: {
  configured: boolean;
  objectName: string;
  fields: { matchField: string; nameField: string; fieldMappings: Array<{ field: string }> };
}) {
  const [state, setState] = useState<CheckState>({ kind: 'idle' });
  const check = async () => {
    setState({ kind: 'checking' });
    try {
      const result = await requestGraphql(SalesforceObjectFieldsDocument, { objectName: objectName.trim() || null });
      const description = result.salesforceObjectFields;
      setState({ kind: 'checked', objectName: description.name, checks: checkFields(description, fields) });
    } catch (error) {
      setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  };
  const unknown = state.kind === 'checked' ? state.checks.filter((item) => !item.known).length : 0;
  return (
    <div className="field-check">
      <button
        type="button"
        className="button"
        disabled={!configured || state.kind === 'checking'}
        onClick={() => void check()}
      >
        {state.kind === 'checking' ? 'Asking Salesforce…' : 'Check fields against Salesforce'}
      </button>
      {configured ? null : <span className="hint"> Save a connection first: the check uses it.</span>}
      {state.kind === 'failed' ? (
        <p className="form-error" role="alert">
          {state.message}
        </p>
      ) : null}
      {state.kind === 'checked' ? (
        <div role="status" data-testid="field-check">
          <p>
            {unknown === 0
              ? `${state.objectName} has every field used here.`
              : `${unknown} field${unknown === 1 ? '' : 's'} not found on ${state.objectName}.`}
          </p>
          <ul className="small">
            {state.checks.map((item) => (
              <li key={`${item.place}-${item.field}`} className={item.known ? 'tone-good' : 'tone-bad'}>
                {item.place} {item.field}: {item.known ? 'found' : 'not found'}, {item.detail}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

'use client';
// Keys and projects: the ingest key, rotation of the secret and read keys (a new key is shown once:
// only its hash is stored) and new projects, with a button to switch this browser to one.
import { type FormEvent, useState } from 'react';
import { ErrorView, LoadingView, QueryView } from '@/components/state-views';
import {
  CreateProjectDocument,
  type CreateProjectMutation,
  ProjectKeysDocument,
  RotateReadKeyDocument,
  RotateSecretKeyDocument,
} from '@/generated/graphql';
import { useGraphqlMutation } from '@/lib/graphql-mutation';
import { useGraphqlQuery } from '@/lib/use-graphql-query';

const noVariables = {};

export function KeysSettings({ onChanged }: { onChanged(): void }) {
  const keys = useGraphqlQuery(ProjectKeysDocument, noVariables);
  return (
    <section className="settings-section" aria-labelledby="keys-heading">
      <h2 id="keys-heading">Keys and projects</h2>
      <QueryView
        query={keys}
        loading={<LoadingView label="Loading keys…" rows={2} />}
        failure={(error, retry) => (
          <ErrorView title="Could not load the keys" message={error.message} onRetry={retry} />
        )}
        success={(data) => (
          <dl className="key-list">
            <dt>Ingest key (SDK api_key / Segment write key; not secret)</dt>
            <dd>
              <code data-testid="ingest-key">{data.project.ingestKey}</code>
            </dd>
          </dl>
        )}
      />
      <RotateKey kind="read" onRotated={onChanged} />
      <RotateKey kind="secret" onRotated={onChanged} />
      <CreateProjectForm onCreated={onChanged} />
    </section>
  );
}

function RotateKey({ kind, onRotated }: { kind: 'secret' | 'read'; onRotated(): void }) {
  const [newKey, setNewKey] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const rotateSecret = useGraphqlMutation(RotateSecretKeyDocument);
  const rotateRead = useGraphqlMutation(RotateReadKeyDocument);
  const rotate = kind === 'secret' ? rotateSecret : rotateRead;
  const label = kind === 'secret' ? 'secret key' : 'read key';
  const run = async () => {
    setConfirming(false);
    const result = kind === 'secret' ? await rotateSecret.run({}) : await rotateRead.run({});
    if (!result) return;
    setNewKey('rotateSecretKey' in result ? result.rotateSecretKey : result.rotateReadKey);
    // The audit log shows the rotation, unless this session just ended with the old secret key.
    if (kind === 'read') onRotated();
  };
  return (
    <div className="settings-form" data-testid={`rotate-${kind}`}>
      {confirming ? (
        <p role="alert">
          The current {label} stops working at once
          {kind === 'secret' ? ', and so does this browser session (it was opened with it)' : ''}. Continue?{' '}
          <button type="button" className="button" onClick={run} disabled={rotate.isPending}>
            Yes, rotate the {label}
          </button>{' '}
          <button type="button" className="link-button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </p>
      ) : (
        <button type="button" className="button" onClick={() => setConfirming(true)}>
          Rotate the {label}
        </button>
      )}
      {rotate.error ? (
        <p className="form-error" role="alert">
          {rotate.error.message}
        </p>
      ) : null}
      {newKey ? <ShownOnce label={`New ${label}`} value={newKey} /> : null}
      {newKey && kind === 'secret' ? (
        <p className="hint">
          This browser is now signed out: <a href="/login">sign in again</a> with the new secret key.
        </p>
      ) : null}
    </div>
  );
}

function ShownOnce({ label, value }: { label: string; value: string }) {
  return (
    <p className="shown-once" role="status">
      {label}: <code data-testid="shown-once-key">{value}</code>{' '}
      <button type="button" className="link-button" onClick={() => void navigator.clipboard?.writeText(value)}>
        Copy
      </button>
      <br />
      <span className="hint">Shown only now: only its hash is stored. Store it before leaving this page.</span>
    </p>
  );
}

function CreateProjectForm({ onCreated }: { onCreated(): void }) {
  const [name, setName] = useState('');
  const [timeZone, setTimeZone] = useState('UTC');
  const [created, setCreated] = useState<CreateProjectMutation['createProject'] | null>(null);
  const [switchError, setSwitchError] = useState<string | null>(null);
  const create = useGraphqlMutation(CreateProjectDocument);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create.run({ name, timeZone: timeZone.trim() || null });
    if (result) {
      setCreated(result.createProject);
      setName('');
      onCreated();
    }
  };
  const switchTo = async (secretKey: string) => {
    const response = await fetch('/auth/session', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: secretKey }),
    }).catch(() => null);
    if (response?.ok) window.location.assign('/settings');
    else setSwitchError('Could not switch to the new project; sign in with its secret key on the sign-in page.');
  };
  return (
    <form className="settings-form" onSubmit={submit} aria-label="New project">
      <fieldset>
        <legend>New project</legend>
        <label>
          Name{' '}
          <input
            name="new-project-name"
            value={name}
            maxLength={200}
            required
            onChange={(event) => setName(event.target.value)}
          />
        </label>{' '}
        <label>
          Time zone{' '}
          <input name="new-project-time-zone" value={timeZone} onChange={(event) => setTimeZone(event.target.value)} />
        </label>{' '}
        <button type="submit" className="button" disabled={create.isPending || !name.trim()}>
          Create project
        </button>
      </fieldset>
      {create.error ? (
        <p className="form-error" role="alert">
          {create.error.message}
        </p>
      ) : null}
      {created ? (
        <div data-testid="created-project">
          <p>
            Created project {created.project.id} “{created.project.name}”. Ingest key:{' '}
            <code>{created.project.ingestKey}</code>
          </p>
          <ShownOnce label="Secret key" value={created.secretKey} />
          <ShownOnce label="Read key" value={created.readKey} />
          <button type="button" className="button" onClick={() => void switchTo(created.secretKey)}>
            Switch this browser to “{created.project.name}”
          </button>
          {switchError ? <p className="form-error">{switchError}</p> : null}
        </div>
      ) : null}
    </form>
  );
}

'use client';
// Signing in trades a key (or the one-click link's token) for an httpOnly session cookie that may
// only read. The key is sent once to /auth/session and never stored by the browser.
import { useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState, type FormEvent } from 'react';

function safeNextPath(next: string | null): string {
  // Only same-site paths: "//evil.example" or "https://…" would turn sign-in into an open redirect.
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/groups';
}

async function createSession(body: { key: string } | { loginToken: string }): Promise<string | null> {
  const response = await fetch('/auth/session', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).catch(() => null);
  if (!response) return 'Could not reach the leadmaps server. Check that it is running, then retry.';
  if (response.ok) return null;
  const payload = (await response.json().catch(() => null)) as { error?: string } | null;
  return payload?.error ?? `Sign-in failed (status ${response.status}).`;
}

export function LoginForm() {
  const searchParams = useSearchParams();
  const nextPath = safeNextPath(searchParams.get('next'));
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const [isExchangingLink, setIsExchangingLink] = useState(false);
  const exchanged = useRef(false);

  useEffect(() => {
    const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
    if (!token || exchanged.current) return;
    exchanged.current = true;
    // Drop the token from the address bar and history before anything else can read it.
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}`);
    setIsExchangingLink(true);
    void createSession({ loginToken: token }).then((problem) => {
      if (problem) {
        setError(problem);
        setIsExchangingLink(false);
      } else {
        window.location.replace(nextPath);
      }
    });
  }, [nextPath]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!key.trim()) {
      setError('Paste a key first.');
      return;
    }
    setIsSubmitting(true);
    const problem = await createSession({ key: key.trim() });
    setIsSubmitting(false);
    if (problem) setError(problem);
    else window.location.replace(nextPath);
  };

  if (isExchangingLink) {
    return (
      <section className="login-card" aria-busy="true">
        <h1>Signing you in…</h1>
      </section>
    );
  }

  return (
    <section className="login-card">
      <h1>Sign in to leadmaps</h1>
      <p>
        Paste the project&apos;s <strong>read key</strong> (<code>lm_read_…</code>) for a session that can only read, or
        its <strong>secret key</strong> (<code>lm_secret_…</code>) for an admin session that can change settings. The
        key itself is not stored.
      </p>
      <form onSubmit={submit} noValidate>
        <label htmlFor="key">API key</label>
        <input
          id="key"
          name="key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={key}
          onChange={(event) => setKey(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'login-error' : 'login-help'}
          // biome-ignore lint/a11y/noAutofocus: the sign-in page has this one field and nothing else to do first.
          autoFocus
        />
        <p id="login-help" className="hint">
          The keys were printed when the project was created; <code>npm start</code> also prints a one-click sign-in
          link for the demo project.
        </p>
        {error ? (
          <p id="login-error" className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button button-primary" disabled={isSubmitting}>
          {isSubmitting ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </section>
  );
}

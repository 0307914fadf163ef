'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useViewer } from '@/modules/auth/use-viewer';

export function AppHeader() {
  const pathname = usePathname();
  const signOut = async () => {
    await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin' });
    window.location.assign('/login');
  };
  return (
    <header className="app-header">
      <Link href="/groups" className="brand">
        leadmaps
      </Link>
      {pathname?.startsWith('/login') ? null : (
        <nav aria-label="Main">
          <Link href="/groups" aria-current={pathname?.startsWith('/groups') ? 'page' : undefined}>
            Groups
          </Link>
          <Link
            href="/people"
            aria-current={pathname === '/people' || pathname?.startsWith('/people/') ? 'page' : undefined}
          >
            People
          </Link>
          <Link href="/analyze" aria-current={pathname?.startsWith('/analyze') ? 'page' : undefined}>
            Analyze
          </Link>
          <Link href="/cohorts" aria-current={pathname?.startsWith('/cohorts') ? 'page' : undefined}>
            Cohorts
          </Link>
          <Link href="/salesforce" aria-current={pathname?.startsWith('/salesforce') ? 'page' : undefined}>
            Salesforce
          </Link>
          <Link href="/graphql-ide" aria-current={pathname?.startsWith('/graphql-ide') ? 'page' : undefined}>
            GraphQL
          </Link>
          <SettingsLink current={pathname?.startsWith('/settings') ?? false} />
          <button type="button" className="link-button" onClick={signOut}>
            Sign out
          </button>
        </nav>
      )}
    </header>
  );
}

/** Only admin sessions are offered the settings page (the server refuses it to the others). */
function SettingsLink({ current }: { current: boolean }) {
  const viewer = useViewer();
  if (!viewer.isAdmin && !current) return null;
  return (
    <Link href="/settings" aria-current={current ? 'page' : undefined}>
      Settings
    </Link>
  );
}

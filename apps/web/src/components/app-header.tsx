'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

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
          <Link href="/analyze" aria-current={pathname?.startsWith('/analyze') ? 'page' : undefined}>
            Analyze
          </Link>
          <Link href="/salesforce" aria-current={pathname?.startsWith('/salesforce') ? 'page' : undefined}>
            Salesforce
          </Link>
          <button type="button" className="link-button" onClick={signOut}>
            Sign out
          </button>
        </nav>
      )}
    </header>
  );
}

import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/app-header';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'leadmaps', template: '%s · leadmaps' },
  description: 'Account analytics for B2B software: which companies are growing and which are going quiet.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <AppHeader />
        <main id="main" className="page">
          {children}
        </main>
      </body>
    </html>
  );
}

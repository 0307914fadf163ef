import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="state-view state-empty">
      <strong>This page does not exist</strong>
      <p>
        <Link href="/groups">Go to Groups</Link>
      </p>
    </div>
  );
}

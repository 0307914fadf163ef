import type { GroupDetailQuery } from '@/generated/graphql';
import { formatDateTime, formatRelativeTime } from '@/lib/format';

type RecentEvent = NonNullable<GroupDetailQuery['group']>['recentEvents'][number];

export function RecentEvents({ events }: { events: RecentEvent[] }) {
  if (!events.length) return <p className="muted">No events in this range.</p>;
  return (
    <ol className="event-list">
      {events.map((event, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: events have no id and may repeat; the list is only replaced whole.
        <li key={index}>
          <span className="event-type">{event.eventType}</span>
          <span className="muted">{event.userId ?? 'organisation'}</span>
          <span
            className="badge badge-neutral"
            title={
              event.attribution === 'event'
                ? 'The event itself named this company'
                : "Counted through the person's company"
            }
          >
            {event.attribution === 'event' ? 'event group' : 'via person'}
          </span>
          <time dateTime={event.time} title={formatDateTime(event.time)}>
            {formatRelativeTime(event.time)}
          </time>
        </li>
      ))}
    </ol>
  );
}

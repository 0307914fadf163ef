'use client';
// The page is useless until the group key flows. Say so plainly, show how many people arrive
// without a company, and show the few lines that fix it in each SDK.
import { IngestOverviewDocument, type IngestOverviewQuery } from '@/generated/graphql';
import { QueryView } from '@/components/state-views';
import { formatInteger } from '@/lib/format';
import { useGraphqlQuery } from '@/lib/use-graphql-query';

const noVariables = {};

const amplitudeSnippet = `import * as amplitude from '@amplitude/analytics-browser';

amplitude.init('YOUR_LEADMAPS_INGEST_KEY', {
  serverUrl: 'https://YOUR_LEADMAPS_HOST/2/httpapi',
});

// After sign-in: tie this person to their company (a stable id, not the name).
amplitude.setGroup('company', 'acct_8812');

// Once per company: the name the Groups page shows, and any other properties.
amplitude.groupIdentify('company', 'acct_8812', new amplitude.Identify().set('name', 'Acme Inc'));`;

const segmentSnippet = `// analytics.js; with @segment/analytics-node: analytics.group({ userId, groupId, traits })
analytics.group('acct_8812', {
  group_type: 'company',   // which kind of group this is
  name: 'Acme Inc',        // shown as the company's name
  plan: 'enterprise',
});`;

export function NoGroupsEmptyState({ hasGroupTypes }: { hasGroupTypes: boolean }) {
  const overview = useGraphqlQuery(IngestOverviewDocument, noVariables);
  return (
    <QueryView
      query={overview}
      success={({ ingestOverview }) => <HowToSendTheGroupKey overview={ingestOverview} hasGroupTypes={hasGroupTypes} />}
    />
  );
}

interface HowToSendTheGroupKeyProps {
  overview: IngestOverviewQuery['ingestOverview'];
  hasGroupTypes: boolean;
}

function HowToSendTheGroupKey({ overview, hasGroupTypes }: HowToSendTheGroupKeyProps) {
  const { people, peopleWithoutGroup, events } = overview;
  return (
    <section className="teaching-empty" aria-labelledby="no-groups-title" data-empty-state="no-groups">
      <h2 id="no-groups-title">
        {people === 0 ? 'No data has arrived yet' : 'No companies yet: the group key is not being sent'}
      </h2>
      {people === 0 ? (
        <p>
          Send events from your product to leadmaps and include each person&apos;s <strong>group key</strong>, the id of
          the company they belong to. Companies appear here as soon as the first event with a group key arrives.
        </p>
      ) : (
        <p className="lead" data-testid="people-without-group">
          <strong>
            {formatInteger(peopleWithoutGroup)} of {formatInteger(people)} {people === 1 ? 'person' : 'people'}
          </strong>{' '}
          ({formatInteger(events)} events so far) arrive without a company. leadmaps can only gather people into
          companies once your product sends the group key with each person
          {hasGroupTypes ? '' : ', and none has been sent yet'}.
        </p>
      )}
      <p>
        Use a stable id (an account or organisation id), never the company&apos;s display name: names get typed
        differently and would split one company into several. Send the same key for everyone at that company.
      </p>
      <div className="snippets">
        <figure>
          <figcaption>Amplitude SDK</figcaption>
          <pre>
            <code>{amplitudeSnippet}</code>
          </pre>
        </figure>
        <figure>
          <figcaption>Segment</figcaption>
          <pre>
            <code>{segmentSnippet}</code>
          </pre>
        </figure>
      </div>
      <p className="hint">
        Your ingest key is shown to the project&apos;s admins (secret key) through the API; the dashboard never handles
        it.
      </p>
    </section>
  );
}

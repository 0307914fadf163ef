'use client';
// The project's known names (event types, event and group property keys) as datalists, so the
// form's text inputs suggest them. Suggestions only: any name can still be typed, and the form
// works the same while they load or if they cannot be read.
import { AnalysisNamesDocument } from '@/generated/graphql';
import { useGraphqlQuery } from '@/lib/use-graphql-query';

export const suggestionListIds = {
  eventTypes: 'analysis-event-type-suggestions',
  eventPropertyKeys: 'analysis-event-property-suggestions',
  groupPropertyKeys: 'analysis-group-property-suggestions',
} as const;

const noVariables = {};

export function NameSuggestions() {
  const names = useGraphqlQuery(AnalysisNamesDocument, noVariables);
  const lists = names.data?.analysisNames;
  return (
    <>
      <datalist id={suggestionListIds.eventTypes}>
        {lists?.eventTypes.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <datalist id={suggestionListIds.eventPropertyKeys}>
        {lists?.eventPropertyKeys.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <datalist id={suggestionListIds.groupPropertyKeys}>
        {lists?.groupPropertyKeys.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      {names.error ? (
        <p className="hint" role="status">
          Name suggestions are unavailable ({names.error.message}); type event types and property keys.
        </p>
      ) : null}
    </>
  );
}

import type { MutationOutcome } from '../hooks/use-mutation';

/** The result of a change under its button: refused, failed or done, announced to screen readers. */
export function MutationOutcomeMessage({ outcome, doneText }: { outcome: MutationOutcome; doneText: string }) {
  if (outcome.kind === 'refused')
    return (
      <p className="form-error" role="alert" data-testid="read-only-refusal">
        {outcome.message}
      </p>
    );
  if (outcome.kind === 'failed')
    return (
      <p className="form-error" role="alert">
        {outcome.message}
      </p>
    );
  if (outcome.kind === 'done')
    return (
      <p className="hint" role="status">
        {doneText}
      </p>
    );
  return null;
}

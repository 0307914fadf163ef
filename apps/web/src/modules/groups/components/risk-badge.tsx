import { useId } from 'react';

/** "At risk" with its reasons in a tooltip that opens on hover and on keyboard focus. */
export function RiskBadge({ atRisk, reasons }: { atRisk: boolean; reasons: string[] }) {
  const tooltipId = useId();
  if (!atRisk) return <span className="visually-hidden">Not at risk</span>;
  return (
    <span className="risk">
      <button type="button" className="badge badge-risk" aria-describedby={tooltipId}>
        <span aria-hidden="true">⚠</span> At risk
      </button>
      <span role="tooltip" id={tooltipId} className="tooltip">
        {reasons.length ? (
          <ul>
            {reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        ) : (
          'Flagged as at risk.'
        )}
      </span>
    </span>
  );
}

'use client';
// When the sync runs: activation day, the daily job's next start, a group's next pickup date, and
// "sync now" for one group or for all of them.
import { useState } from 'react';
import {
  RunSalesforceSyncDocument,
  type SalesforceSyncSettingsFragment,
  SalesforceSyncPickupDateDocument,
} from '@/generated/graphql';
import { formatDateTime, formatDay } from '@/lib/format';
import { requestGraphql } from '@/lib/graphql-client';
import { useMutation } from '../hooks/use-mutation';
import { MutationOutcomeMessage } from './mutation-outcome';

type PickupAnswer = { value: string; day: string | null } | { value: string; error: string } | null;

export function SalesforceSchedule({
  settings,
  onRunStarted,
}: {
  settings: SalesforceSyncSettingsFragment;
  onRunStarted(): void;
}) {
  const [groupValue, setGroupValue] = useState('');
  const [pickup, setPickup] = useState<PickupAnswer>(null);
  const syncAll = useMutation(RunSalesforceSyncDocument, onRunStarted);
  const syncOne = useMutation(RunSalesforceSyncDocument, onRunStarted);
  const value = groupValue.trim();

  const lookUpPickup = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!value) return;
    try {
      const result = await requestGraphql(SalesforceSyncPickupDateDocument, { groupValue: value });
      setPickup({ value, day: result.salesforceSyncPickupDate });
    } catch (error) {
      setPickup({ value, error: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <section aria-labelledby="salesforce-schedule-heading">
      <h2 id="salesforce-schedule-heading">Schedule</h2>
      <dl className="summary-strip" data-testid="salesforce-schedule">
        <div className="summary-card">
          <dt className="summary-label">Status</dt>
          <dd className="summary-value">{settings.enabled ? 'On' : 'Off'}</dd>
        </div>
        <div className="summary-card">
          <dt className="summary-label">Activated</dt>
          <dd className="summary-value">
            {settings.activatedOn ? formatDay(settings.activatedOn, { dateStyle: 'medium' }) : 'not yet'}
          </dd>
        </div>
        <div className="summary-card">
          <dt className="summary-label">Interval</dt>
          <dd className="summary-value">
            {settings.hourly ? 'hourly' : settings.intervalDays === 1 ? 'daily' : `every ${settings.intervalDays} days`}
          </dd>
        </div>
        <div className="summary-card">
          <dt className="summary-label">Next job</dt>
          <dd className="summary-value">
            {settings.enabled ? formatDateTime(settings.nextJobAt as string, 'UTC') : 'off'}
            <span className="hint">
              {settings.hourly
                ? ' (every hour, UTC)'
                : ` (every day at ${String(settings.syncHourUtc).padStart(2, '0')}:00 UTC)`}
            </span>
          </dd>
        </div>
      </dl>

      <div className="page-actions">
        <button
          type="button"
          className="button button-primary"
          disabled={syncAll.pending}
          onClick={() => void syncAll.run({ groupValue: null })}
        >
          {syncAll.pending ? 'Starting…' : 'Sync all groups now'}
        </button>
      </div>
      <MutationOutcomeMessage outcome={syncAll.outcome} doneText="Sync started: it shows in the runs below." />

      <form className="form-grid" onSubmit={lookUpPickup} aria-label="One group">
        <label>
          <span className="form-label">Group value</span>
          <input
            name="groupValue"
            value={groupValue}
            placeholder={settings.matchField === 'Id' ? 'e.g. 001…' : `the group's ${settings.matchField}`}
            onChange={(event) => setGroupValue(event.target.value)}
          />
        </label>
        <button type="submit" className="button" disabled={!value}>
          Next pickup date
        </button>
        <button
          type="button"
          className="button"
          disabled={!value || syncOne.pending}
          onClick={() => void syncOne.run({ groupValue: value })}
        >
          Sync this group now
        </button>
      </form>
      {pickup ? (
        <p role="status" data-testid="pickup-date">
          {'error' in pickup
            ? pickup.error
            : pickup.day
              ? `${pickup.value} is next picked up on ${formatDay(pickup.day, { dateStyle: 'medium' })} (UTC).`
              : `${pickup.value} has no pickup date: the sync is not activated.`}
        </p>
      ) : null}
      <MutationOutcomeMessage outcome={syncOne.outcome} doneText="Sync of the group started." />
    </section>
  );
}

// Runs in Chromium, on a page of another origin than leadmaps: the real browser SDKs, bundled
// by esbuild at test time (browser-sdk-bundle.ts), configured only with leadmaps' address, as a
// customer's site would. The test calls these functions with page.evaluate.
import * as amplitude from '@amplitude/analytics-browser';
import { AnalyticsBrowser } from '@segment/analytics-next';

export interface AmplitudeOutcome {
  /** The `code` of each call's answer as the SDK read it (200 when leadmaps stored it). */
  codes: number[];
}

export interface SegmentOutcome {
  /** Calls whose delivery the library gave up on (it retries the others in the background). */
  failed: string[];
}

/**
 * The Amplitude Browser SDK with everything that would call Amplitude's own servers turned off
 * (remote configuration, diagnostics), page views on (also on history changes), and request
 * bodies gzipped, so the preflight has to allow Content-Encoding.
 */
async function sendWithAmplitude(serverUrl: string, apiKey: string, userId: string): Promise<AmplitudeOutcome> {
  const client = amplitude.createInstance();
  await client.init(apiKey, userId, {
    serverUrl: `${serverUrl}/2/httpapi`,
    fetchRemoteConfig: false,
    enableDiagnostics: false,
    enableRequestBodyCompression: true,
    flushIntervalMillis: 50,
    autocapture: {
      pageViews: { trackHistoryChanges: 'all' },
      attribution: false,
      sessions: false,
      formInteractions: false,
      fileDownloads: false,
      elementInteractions: false,
      frustrationInteractions: false,
      networkTracking: false,
      webVitals: false,
      performanceTracking: false,
      pageUrlEnrichment: false,
    },
  }).promise;
  const calls = [
    client.identify(new amplitude.Identify().set('role', 'admin')),
    // User-level group: this person's later events count for acme-inc.
    client.setGroup('company', 'acme-inc'),
    client.groupIdentify('company', 'acme-inc', new amplitude.Identify().set('name', 'Acme Inc').set('plan', 'pro')),
    // Over 2 KB, so the SDK gzips the request.
    client.track('Report Created', { format: 'pdf', notes: 'n'.repeat(3000) }),
    // Event-level group: this event only.
    client.track({ event_type: 'Invite Sent', groups: { company: 'initech' } }),
  ];
  // A page view after the group is set (page views are never counted backwards).
  history.pushState({}, '', '/reports');
  await client.flush().promise;
  const results = await Promise.all(calls.map((call) => call.promise));
  // What Amplitude's docs advise on page hide: navigator.sendBeacon, a text/plain body that
  // needs no preflight and whose answer the page never sees (the SDK reports 200 regardless).
  client.setTransport('beacon');
  const beacon = client.track({ event_type: 'Tab Hidden', groups: { company: 'initech' } });
  await client.flush().promise;
  results.push(await beacon.promise);
  return { codes: results.map((result) => result.code) };
}

/**
 * analytics-next loaded the way the README says: only `cdnURL` points at leadmaps, which serves
 * the settings that send every call back to itself. `batching` sends everything to /v1/b.
 */
async function sendWithSegment(
  serverUrl: string,
  writeKey: string,
  userId: string,
  mode: 'standard' | 'batching',
): Promise<SegmentOutcome> {
  const [analytics] = await AnalyticsBrowser.load(
    { writeKey, cdnURL: serverUrl },
    mode === 'batching'
      ? {
          integrations: {
            'Segment.io': { deliveryStrategy: { strategy: 'batching', config: { size: 4, timeout: 100 } } },
          },
        }
      : {},
  );
  const company = mode === 'batching' ? 'umbrella' : 'globex';
  // One after the other, as a page would: each call reads the user the previous one set.
  const contexts = [
    await analytics.identify(userId, { name: `Name of ${userId}` }),
    // User-level group, typed by the group_type trait.
    await analytics.group(company, { group_type: 'company', name: `${company} corp` }),
    // Event-level group through the Amplitude integration options.
    await analytics.track(
      'Report Created',
      { format: 'csv' },
      { integrations: { Amplitude: { groups: { company: 'hooli' } } } },
    ),
    await analytics.page('Pricing'),
  ];
  return { failed: contexts.filter((context) => context.failedDelivery()).map((context) => context.event.type) };
}

declare global {
  interface Window {
    leadmapsSdkTest: { sendWithAmplitude: typeof sendWithAmplitude; sendWithSegment: typeof sendWithSegment };
  }
}

window.leadmapsSdkTest = { sendWithAmplitude, sendWithSegment };

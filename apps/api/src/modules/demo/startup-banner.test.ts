import { describe, expect, it } from 'vitest';
import type { ProjectRecord } from '../projects/project.repository';
import { startupBanner } from './startup-banner';

const project: ProjectRecord = {
  id: 1,
  name: 'Demo: B2B SaaS',
  timeZone: 'UTC',
  ingestKey: 'lm_ingest_abc',
  keyActions: [],
  trendSteadyPercent: 15,
  trendSharpPercent: -50,
  segmentGroupTypeTrait: 'group_type',
  segmentGroupValueTrait: null,
};

describe('startupBanner', () => {
  it('prints the URLs and, at first start, every key', () => {
    const text = startupBanner('http://127.0.0.1:4000/', {
      status: 'created',
      project,
      secretKey: 'lm_secret_s',
      readKey: 'lm_read_r',
      events: 120_000,
      seconds: 9.5,
    });
    for (const expected of [
      'http://127.0.0.1:4000/\n',
      'http://127.0.0.1:4000/graphql',
      '/2/httpapi',
      '127.0.0.1:4000/batch',
      '/v1/batch',
      'lm_ingest_abc',
      'lm_secret_s',
      'lm_read_r',
      '120,000',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('on later starts prints the ingest key only and how to get a new secret key', () => {
    const text = startupBanner('http://localhost:4000', { status: 'existing', project });
    expect(text).toContain('lm_ingest_abc');
    expect(text).toContain('npm run project -- rotate-secret');
    expect(text).not.toContain('lm_secret');
  });
});

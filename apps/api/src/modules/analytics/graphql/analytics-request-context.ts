import type { RequestContext } from '../../projects/request-context';
import type { AnalyticsSettingsService } from '../analytics-settings.service';
import type { GroupAnalyticsService } from '../group-analytics.service';
import type { GroupDetailService } from '../group-detail.service';
import type { ProjectDataVersion } from '../queries/project-data-version.query';

/** The part of the GraphQL context the analytics resolvers use. */
export type AnalyticsRequestContext = RequestContext<{
  groupAnalytics: GroupAnalyticsService;
  groupDetails: GroupDetailService;
  analyticsSettings: AnalyticsSettingsService;
}> & {
  /** Where the viewer's project data stands, read at most once per request (see graphql/context.ts). */
  dataVersion(): Promise<ProjectDataVersion>;
};

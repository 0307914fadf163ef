import type { RequestContext } from '../../projects/request-context';
import type { AnalyticsSettingsService } from '../analytics-settings.service';
import type { GroupAnalyticsService } from '../group-analytics.service';
import type { GroupDetailService } from '../group-detail.service';

/** The part of the GraphQL context the analytics resolvers use. */
export type AnalyticsRequestContext = RequestContext<{
  groupAnalytics: GroupAnalyticsService;
  groupDetails: GroupDetailService;
  analyticsSettings: AnalyticsSettingsService;
}>;

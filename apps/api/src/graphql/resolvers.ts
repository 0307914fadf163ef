// Every resolver class of the API, one line each, so adding a module touches one list.
import type { ClassType } from 'type-graphql';
import { AnalysisResolver } from '../modules/analysis/graphql/analysis.resolver';
import { FunnelResolver } from '../modules/analysis/graphql/funnel.resolver';
import { RetentionResolver } from '../modules/analysis/graphql/retention.resolver';
import { SavedChartConnectionResolver } from '../modules/analysis/graphql/saved-chart-connection.resolver';
import { SavedChartResolver } from '../modules/analysis/graphql/saved-chart.resolver';
import { CohortConnectionResolver } from '../modules/cohorts/graphql/cohort-connection.resolver';
import { CohortResolver, GroupCohortsResolver } from '../modules/cohorts/graphql/cohort.resolver';
import { GroupDetailResolver } from '../modules/analytics/graphql/group-detail.resolver';
import { GroupSettingsResolver } from '../modules/analytics/graphql/group-settings.resolver';
import { GroupsResolver } from '../modules/analytics/graphql/groups.resolver';
import { DynamicPropertyResolver } from '../modules/dynamic-properties/graphql/dynamic-property.resolver';
import {
  EventsResolver,
  GroupEventsResolver,
  UserActivityDaysResolver,
  UserEventsResolver,
} from '../modules/events/graphql/events.resolver';
import {
  GroupPropertyResolver,
  GroupRelationsResolver,
  GroupSummaryGroupResolver,
} from '../modules/people/graphql/group-relations.resolver';
import { GroupSearchResolver } from '../modules/people/graphql/group-search.resolver';
import { PeopleResolver, UserConnectionResolver } from '../modules/people/graphql/people.resolver';
import { SalesforceSyncResolver } from '../modules/salesforce/salesforce-sync.resolver';
import { KeysResolver } from '../modules/settings/graphql/keys.resolver';
import { SettingsResolver } from '../modules/settings/graphql/settings.resolver';

export const resolverClasses: ClassType[] = [
  GroupsResolver,
  GroupDetailResolver,
  GroupSettingsResolver,
  PeopleResolver,
  UserConnectionResolver,
  GroupRelationsResolver,
  GroupPropertyResolver,
  GroupSummaryGroupResolver,
  GroupSearchResolver,
  EventsResolver,
  UserEventsResolver,
  UserActivityDaysResolver,
  GroupEventsResolver,
  SalesforceSyncResolver,
  AnalysisResolver,
  SavedChartResolver,
  FunnelResolver,
  RetentionResolver,
  DynamicPropertyResolver,
  CohortResolver,
  GroupCohortsResolver,
  CohortConnectionResolver,
  SavedChartConnectionResolver,
  SettingsResolver,
  KeysResolver,
];

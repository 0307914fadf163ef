// Every resolver class of the API, one line each, so adding a module touches one list.
import type { ClassType } from 'type-graphql';
import { AnalysisResolver } from '../modules/analysis/graphql/analysis.resolver';
import { SavedChartResolver } from '../modules/analysis/graphql/saved-chart.resolver';
import { GroupDetailResolver } from '../modules/analytics/graphql/group-detail.resolver';
import { GroupSettingsResolver } from '../modules/analytics/graphql/group-settings.resolver';
import { GroupsResolver } from '../modules/analytics/graphql/groups.resolver';
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
  EventsResolver,
  UserEventsResolver,
  UserActivityDaysResolver,
  GroupEventsResolver,
  SalesforceSyncResolver,
  AnalysisResolver,
  SavedChartResolver,
  SettingsResolver,
  KeysResolver,
];

// Every resolver class of the API, one line each, so adding a module touches one list.
import type { ClassType } from 'type-graphql';
import { AnalysisResolver } from '../modules/analysis/graphql/analysis.resolver';
import { SavedChartResolver } from '../modules/analysis/graphql/saved-chart.resolver';
import { GroupDetailResolver } from '../modules/analytics/graphql/group-detail.resolver';
import { GroupSettingsResolver } from '../modules/analytics/graphql/group-settings.resolver';
import { GroupsResolver } from '../modules/analytics/graphql/groups.resolver';
import { SalesforceSyncResolver } from '../modules/salesforce/salesforce-sync.resolver';

export const resolverClasses: ClassType[] = [
  GroupsResolver,
  GroupDetailResolver,
  GroupSettingsResolver,
  SalesforceSyncResolver,
  AnalysisResolver,
  SavedChartResolver,
];

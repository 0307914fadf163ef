// Every resolver class of the API, one line each, so adding a module touches one list.
import { GroupDetailResolver } from '../modules/groups/group-detail.resolver';
import { GroupSettingsResolver } from '../modules/groups/group-settings.resolver';
import { GroupsResolver } from '../modules/groups/groups.resolver';
import { SalesforceSyncResolver } from '../modules/salesforce/salesforce-sync.resolver';

export const resolverClasses: Function[] = [GroupsResolver, GroupDetailResolver, GroupSettingsResolver, SalesforceSyncResolver];

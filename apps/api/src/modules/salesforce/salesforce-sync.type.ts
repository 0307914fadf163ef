import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PageInfoType } from '../analytics/graphql/group-summary.type';

export enum SalesforceAuthFlowOption {
  ACCESS_TOKEN = 'access_token',
  REFRESH_TOKEN = 'refresh_token',
  CLIENT_CREDENTIALS = 'client_credentials',
}
registerEnumType(SalesforceAuthFlowOption, {
  name: 'SalesforceAuthFlow',
  description: 'How the sync gets Salesforce access tokens.',
  valuesConfig: {
    ACCESS_TOKEN: { description: 'A fixed access token; it cannot be renewed when it expires.' },
    REFRESH_TOKEN: { description: 'OAuth 2.0 refresh-token flow (client id, refresh token, optional client secret).' },
    CLIENT_CREDENTIALS: { description: 'OAuth 2.0 client-credentials flow (client id and client secret).' },
  },
});

export enum SalesforceSyncRunStatusOption {
  RUNNING = 'running',
  SUCCEEDED = 'succeeded',
  FAILED = 'failed',
}
registerEnumType(SalesforceSyncRunStatusOption, { name: 'SalesforceSyncRunStatus' });

export enum SalesforceSyncTriggerOption {
  SCHEDULE = 'schedule',
  MANUAL = 'manual',
}
registerEnumType(SalesforceSyncTriggerOption, { name: 'SalesforceSyncTrigger' });

export enum SalesforceSyncScopeOption {
  DUE = 'due',
  ALL = 'all',
  GROUP = 'group',
}
registerEnumType(SalesforceSyncScopeOption, {
  name: 'SalesforceSyncScope',
  valuesConfig: {
    DUE: { description: 'Groups whose pickup date had arrived (the daily job).' },
    ALL: { description: 'Every group of the synced type ("sync now").' },
    GROUP: { description: 'One group ("sync now" for a group).' },
  },
});

@ObjectType('SalesforceFieldMapping')
export class SalesforceFieldMappingType {
  @Field(() => String, { description: 'Salesforce field API name, e.g. Industry or Owner.Name.' })
  field!: string;

  @Field(() => String, { description: 'Group property the value is written to.' })
  property!: string;
}

@ObjectType('SalesforceSync', {
  description: 'The project’s Salesforce sync settings. Credentials are write-only and never returned.',
})
export class SalesforceSyncType {
  @Field(() => Boolean)
  enabled!: boolean;

  @Field(() => String)
  instanceUrl!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Base URL of the OAuth token endpoint; the instance URL when null.',
  })
  loginUrl!: string | null;

  @Field(() => String)
  apiVersion!: string;

  @Field(() => SalesforceAuthFlowOption)
  authFlow!: SalesforceAuthFlowOption;

  @Field(() => String, { nullable: true })
  clientId!: string | null;

  @Field(() => [String], {
    description: 'Which secrets are stored (accessToken, clientSecret, refreshToken), never their values.',
  })
  storedCredentials!: string[];

  @Field(() => String, { description: 'The group type whose group values match the Salesforce match field.' })
  groupType!: string;

  @Field(() => String)
  objectName!: string;

  @Field(() => String)
  matchField!: string;

  @Field(() => String, { nullable: true, description: 'Field written to the group type’s name property.' })
  nameField!: string | null;

  @Field(() => [SalesforceFieldMappingType])
  fieldMappings!: SalesforceFieldMappingType[];

  @Field(() => Int, { description: 'Days between updates of a group (1 daily, 7 weekly, 30 monthly).' })
  intervalDays!: number;

  @Field(() => Boolean, { description: 'Every group is updated at each hourly job; intervalDays is then unused.' })
  hourly!: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'UTC day (YYYY-MM-DD) the sync was activated; its first run is the next day’s job (the next hour’s when hourly).',
  })
  activatedOn!: string | null;

  @Field(() => Int, { description: 'Hour (UTC) of the daily job, set by LEADMAPS_SALESFORCE_SYNC_HOUR.' })
  syncHourUtc!: number;

  @Field(() => Date, { description: 'When the next job that updates this project runs (the hourly one when hourly).' })
  nextJobAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;
}

@ObjectType('SalesforceSyncRun', { description: 'One run of the sync: its report and resume point.' })
export class SalesforceSyncRunType {
  @Field(() => Int)
  id!: number;

  @Field(() => SalesforceSyncTriggerOption)
  trigger!: SalesforceSyncTriggerOption;

  @Field(() => SalesforceSyncScopeOption)
  scope!: SalesforceSyncScopeOption;

  @Field(() => String, { nullable: true })
  groupValue!: string | null;

  @Field(() => SalesforceSyncRunStatusOption)
  status!: SalesforceSyncRunStatusOption;

  @Field(() => String, { description: 'UTC day (YYYY-MM-DD) the run worked for.' })
  runDate!: string;

  @Field(() => Date)
  startedAt!: Date;

  @Field(() => Date, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => Int, { description: 'Groups found in Salesforce (their properties were written).' })
  groupsMatched!: number;

  @Field(() => Int, { description: 'Matched groups whose properties changed.' })
  groupsUpdated!: number;

  @Field(() => Int, { description: 'Groups whose value does not exist in Salesforce.' })
  groupsUnmatched!: number;

  @Field(() => [String], { description: 'Values of unmatched groups (the first 1,000).' })
  unmatchedValues!: string[];

  @Field(() => [String])
  errors!: string[];

  @Field(() => [String])
  warnings!: string[];

  @Field(() => Int, { description: '1, plus one per resume.' })
  attempts!: number;
}

@ObjectType('SalesforceSyncRunPage', { description: 'Runs, newest first.' })
export class SalesforceSyncRunPageType {
  @Field(() => [SalesforceSyncRunType])
  nodes!: SalesforceSyncRunType[];

  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page.' })
  endCursor!: string | null;
}

@ObjectType('SalesforceSyncRunEdge')
export class SalesforceSyncRunEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => SalesforceSyncRunType)
  node!: SalesforceSyncRunType;
}

@ObjectType('SalesforceSyncRunConnection', { description: 'Runs of the sync, newest first.' })
export class SalesforceSyncRunConnectionType {
  @Field(() => [SalesforceSyncRunEdgeType])
  edges!: SalesforceSyncRunEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;
}

@ObjectType('SalesforceObjectField', { description: 'One field of a Salesforce object, from its describe call.' })
export class SalesforceObjectFieldType {
  @Field(() => String, { description: 'API name, e.g. Industry or Customer_Id__c.' })
  name!: string;

  @Field(() => String)
  label!: string;

  @Field(() => String, { description: 'Salesforce field type: id, string, reference, picklist…' })
  type!: string;

  @Field(() => String, {
    nullable: true,
    description: 'For lookups: the relationship name field paths go through (Owner for Owner.Name).',
  })
  relationshipName!: string | null;
}

@ObjectType('SalesforceObjectDescription')
export class SalesforceObjectDescriptionType {
  @Field(() => String)
  name!: string;

  @Field(() => [SalesforceObjectFieldType])
  fields!: SalesforceObjectFieldType[];
}

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
registerEnumType(SalesforceSyncRunStatusOption, {
  valuesConfig: {
    SUCCEEDED: { description: 'Finished; every group it covered was read.' },
    RUNNING: { description: 'Under way (a run cut short by a restart stays RUNNING and can be resumed).' },
    FAILED: { description: 'Stopped with an error; resumeSalesforceSyncRun continues after its last committed batch.' },
  },
  description: 'Where a sync run stands.',
  name: 'SalesforceSyncRunStatus',
});

export enum SalesforceSyncTriggerOption {
  SCHEDULE = 'schedule',
  MANUAL = 'manual',
}
registerEnumType(SalesforceSyncTriggerOption, {
  valuesConfig: {
    SCHEDULE: { description: 'Started by the daily or hourly job.' },
    MANUAL: { description: 'Started by someone ("sync now", or a resume).' },
  },
  description: 'What started a sync run.',
  name: 'SalesforceSyncTrigger',
});

export enum SalesforceSyncScopeOption {
  DUE = 'due',
  ALL = 'all',
  GROUP = 'group',
}
registerEnumType(SalesforceSyncScopeOption, {
  description: 'Which groups a sync run covers.',
  name: 'SalesforceSyncScope',
  valuesConfig: {
    DUE: { description: 'Groups whose pickup date had arrived (the daily job).' },
    ALL: { description: 'Every group of the synced type ("sync now").' },
    GROUP: { description: 'One group ("sync now" for a group).' },
  },
});

@ObjectType('SalesforceFieldMapping', { description: 'A Salesforce field copied into a group property.' })
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
  @Field(() => Boolean, { description: 'Whether the scheduled jobs run the sync.' })
  enabled!: boolean;

  @Field(() => String, { description: "The org's My Domain URL, e.g. https://acme.my.salesforce.com." })
  instanceUrl!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Base URL of the OAuth token endpoint; the instance URL when null.',
  })
  loginUrl!: string | null;

  @Field(() => String, { description: 'Salesforce REST API version, e.g. "62.0".' })
  apiVersion!: string;

  @Field(() => SalesforceAuthFlowOption, { description: 'How access tokens are obtained.' })
  authFlow!: SalesforceAuthFlowOption;

  @Field(() => String, {
    description: "The connected app's client id; null for the ACCESS_TOKEN flow.",
    nullable: true,
  })
  clientId!: string | null;

  @Field(() => [String], {
    description: 'Which secrets are stored (accessToken, clientSecret, refreshToken), never their values.',
  })
  storedCredentials!: string[];

  @Field(() => String, { description: 'The group type whose group values match the Salesforce match field.' })
  groupType!: string;

  @Field(() => String, { description: 'The Salesforce object read, e.g. Account.' })
  objectName!: string;

  @Field(() => String, {
    description: 'The Salesforce field whose value equals the group value ("Id" or an external-id field).',
  })
  matchField!: string;

  @Field(() => String, { nullable: true, description: 'Field written to the group type’s name property.' })
  nameField!: string | null;

  @Field(() => [SalesforceFieldMappingType], { description: 'Salesforce fields copied into group properties.' })
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

  @Field(() => Date, { description: 'When the settings were last saved.' })
  updatedAt!: Date;
}

@ObjectType('SalesforceSyncRun', { description: 'One run of the sync: its report and resume point.' })
export class SalesforceSyncRunType {
  @Field(() => Int, { description: "The run's id." })
  id!: number;

  @Field(() => SalesforceSyncTriggerOption, { description: 'SCHEDULE (a job) or MANUAL (sync now).' })
  trigger!: SalesforceSyncTriggerOption;

  @Field(() => SalesforceSyncScopeOption, { description: 'Which groups it covered.' })
  scope!: SalesforceSyncScopeOption;

  @Field(() => String, { description: 'The one group synced (scope GROUP); null otherwise.', nullable: true })
  groupValue!: string | null;

  @Field(() => SalesforceSyncRunStatusOption, { description: 'RUNNING, SUCCEEDED or FAILED.' })
  status!: SalesforceSyncRunStatusOption;

  @Field(() => String, { description: 'UTC day (YYYY-MM-DD) the run worked for.' })
  runDate!: string;

  @Field(() => Date, { description: 'When it started.' })
  startedAt!: Date;

  @Field(() => Date, { description: 'When it finished; null while RUNNING.', nullable: true })
  finishedAt!: Date | null;

  @Field(() => Int, { description: 'Groups found in Salesforce (their properties were written).' })
  groupsMatched!: number;

  @Field(() => Int, { description: 'Matched groups whose properties changed.' })
  groupsUpdated!: number;

  @Field(() => Int, { description: 'Groups whose value does not exist in Salesforce.' })
  groupsUnmatched!: number;

  @Field(() => [String], { description: 'Values of unmatched groups (the first 1,000).' })
  unmatchedValues!: string[];

  @Field(() => [String], { description: 'Why the run failed, in words; empty when it did not.' })
  errors!: string[];

  @Field(() => [String], {
    description: 'What went through with a caveat (e.g. a group matched several records); empty when none.',
  })
  warnings!: string[];

  @Field(() => Int, { description: '1, plus one per resume.' })
  attempts!: number;
}

@ObjectType('SalesforceSyncRunPage', { description: 'Runs, newest first.' })
export class SalesforceSyncRunPageType {
  @Field(() => [SalesforceSyncRunType], { description: 'The runs of this page, newest first.' })
  nodes!: SalesforceSyncRunType[];

  @Field(() => Boolean, { description: 'Whether older runs follow.' })
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

  @Field(() => String, { description: "The field's label in Salesforce." })
  label!: string;

  @Field(() => String, { description: 'Salesforce field type: id, string, reference, picklist…' })
  type!: string;

  @Field(() => String, {
    nullable: true,
    description: 'For lookups: the relationship name field paths go through (Owner for Owner.Name).',
  })
  relationshipName!: string | null;
}

@ObjectType('SalesforceObjectDescription', {
  description: "A Salesforce object and its fields, from Salesforce's describe call.",
})
export class SalesforceObjectDescriptionType {
  @Field(() => String, { description: "The object's API name, e.g. Account." })
  name!: string;

  @Field(() => [SalesforceObjectFieldType], { description: "The object's fields, by API name." })
  fields!: SalesforceObjectFieldType[];
}

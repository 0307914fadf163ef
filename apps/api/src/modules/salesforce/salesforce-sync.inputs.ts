import { Field, InputType, Int } from 'type-graphql';
import { SalesforceAuthFlowOption } from './salesforce-sync.type';

// Bounds and formats are checked by the service (salesforce-sync-settings.ts), the same way for
// this input and for imported JSON.

@InputType('SalesforceFieldMappingInput')
export class SalesforceFieldMappingInput {
  @Field(() => String)
  field!: string;

  @Field(() => String, { nullable: true, description: 'Group property name; the field name when omitted.' })
  property?: string | null;
}

@InputType('SalesforceCredentialsInput', { description: 'Write-only. When given, replaces every stored credential.' })
export class SalesforceCredentialsInput {
  @Field(() => String, { nullable: true })
  accessToken?: string | null;

  @Field(() => String, { nullable: true })
  refreshToken?: string | null;

  @Field(() => String, { nullable: true })
  clientSecret?: string | null;
}

@InputType('SalesforceSyncInput')
export class SalesforceSyncInput {
  @Field(() => Boolean, {
    nullable: true,
    description: 'Default true. Switching on makes the next day’s job the first run.',
  })
  enabled?: boolean | null;

  @Field(() => String, { description: 'The org’s My Domain URL, e.g. https://acme.my.salesforce.com.' })
  instanceUrl!: string;

  @Field(() => String, { nullable: true })
  loginUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'Default "62.0".' })
  apiVersion?: string | null;

  @Field(() => SalesforceAuthFlowOption)
  authFlow!: SalesforceAuthFlowOption;

  @Field(() => String, { nullable: true })
  clientId?: string | null;

  @Field(() => String)
  groupType!: string;

  @Field(() => String, { nullable: true, description: 'Default "Account".' })
  objectName?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Default "Id"; or an external-id field whose value equals the group value.',
  })
  matchField?: string | null;

  @Field(() => String, { nullable: true })
  nameField?: string | null;

  @Field(() => [SalesforceFieldMappingInput], { nullable: true })
  fieldMappings?: SalesforceFieldMappingInput[] | null;

  @Field(() => Int, { nullable: true, description: 'Default 1 (daily).' })
  intervalDays?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Default false. Updates every group at each hourly job (intervalDays is then unused).',
  })
  hourly?: boolean | null;

  @Field(() => SalesforceCredentialsInput, { nullable: true })
  credentials?: SalesforceCredentialsInput | null;
}

import { Field, InputType, Int } from 'type-graphql';
import { SalesforceAuthFlowOption } from './salesforce-sync.type';

// Bounds and formats are checked by the service (salesforce-sync-settings.ts), the same way for
// this input and for imported JSON.

@InputType('SalesforceFieldMappingInput', { description: 'A Salesforce field to copy into a group property.' })
export class SalesforceFieldMappingInput {
  @Field(() => String, { description: 'Salesforce field API name, e.g. Industry or Owner.Name.' })
  field!: string;

  @Field(() => String, { nullable: true, description: 'Group property name; the field name when omitted.' })
  property?: string | null;
}

@InputType('SalesforceCredentialsInput', { description: 'Write-only. When given, replaces every stored credential.' })
export class SalesforceCredentialsInput {
  @Field(() => String, { description: 'A fixed access token (ACCESS_TOKEN flow).', nullable: true })
  accessToken?: string | null;

  @Field(() => String, { description: 'An OAuth refresh token (REFRESH_TOKEN flow).', nullable: true })
  refreshToken?: string | null;

  @Field(() => String, {
    description: "The connected app's client secret (CLIENT_CREDENTIALS; optional for REFRESH_TOKEN).",
    nullable: true,
  })
  clientSecret?: string | null;
}

@InputType('SalesforceSyncInput', {
  description: 'The Salesforce sync settings to save (bounds are checked as for an import).',
})
export class SalesforceSyncInput {
  @Field(() => Boolean, {
    nullable: true,
    description: 'Default true. Switching on makes the next day’s job the first run.',
  })
  enabled?: boolean | null;

  @Field(() => String, { description: 'The org’s My Domain URL, e.g. https://acme.my.salesforce.com.' })
  instanceUrl!: string;

  @Field(() => String, {
    description: 'Base URL of the OAuth token endpoint; omitted: the instance URL.',
    nullable: true,
  })
  loginUrl?: string | null;

  @Field(() => String, { nullable: true, description: 'Default "62.0".' })
  apiVersion?: string | null;

  @Field(() => SalesforceAuthFlowOption, { description: 'How access tokens are obtained.' })
  authFlow!: SalesforceAuthFlowOption;

  @Field(() => String, {
    description: "The connected app's client id (REFRESH_TOKEN and CLIENT_CREDENTIALS flows).",
    nullable: true,
  })
  clientId?: string | null;

  @Field(() => String, { description: 'The group type whose group values match the Salesforce match field.' })
  groupType!: string;

  @Field(() => String, { nullable: true, description: 'Default "Account".' })
  objectName?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Default "Id"; or an external-id field whose value equals the group value.',
  })
  matchField?: string | null;

  @Field(() => String, {
    description: "Field written to the group type's name property; omitted: none.",
    nullable: true,
  })
  nameField?: string | null;

  @Field(() => [SalesforceFieldMappingInput], {
    description: 'Salesforce fields to copy into group properties; omitted: none.',
    nullable: true,
  })
  fieldMappings?: SalesforceFieldMappingInput[] | null;

  @Field(() => Int, { nullable: true, description: 'Default 1 (daily).' })
  intervalDays?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Default false. Updates every group at each hourly job (intervalDays is then unused).',
  })
  hourly?: boolean | null;

  @Field(() => SalesforceCredentialsInput, {
    description: 'New secrets; omitted: the stored ones are kept.',
    nullable: true,
  })
  credentials?: SalesforceCredentialsInput | null;
}

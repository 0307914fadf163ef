// What a sync configuration may contain, checked the same way whether it arrives through the
// GraphQL mutation or as an imported JSON file.
import { z } from 'zod';
import { isValidFieldPath, isValidObjectName } from './soql';

const localHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Credentials travel to this URL: HTTPS only, except on this machine (tests, local proxies). */
const salesforceUrl = z
  .string()
  .trim()
  .url('Enter a full URL such as https://acme.my.salesforce.com.')
  .superRefine((text, context) => {
    const url = new URL(text);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && localHosts.has(url.hostname))) {
      context.addIssue({ code: 'custom', message: 'Salesforce URLs must use https://.' });
    }
    if (url.hostname.endsWith('.lightning.force.com')) {
      context.addIssue({
        code: 'custom',
        message: 'Use the My Domain URL (https://<domain>.my.salesforce.com), not the Lightning URL.',
      });
    }
  })
  .transform((text) => new URL(text).origin);

const fieldPath = z
  .string()
  .trim()
  .refine(isValidFieldPath, 'Use a Salesforce field API name such as Industry, Customer_Id__c or Owner.Name.');

export const authFlows = ['access_token', 'refresh_token', 'client_credentials'] as const;

export const syncSettingsSchema = z
  .object({
    enabled: z.boolean().default(true),
    instanceUrl: salesforceUrl,
    loginUrl: salesforceUrl.nullable().default(null),
    apiVersion: z
      .string()
      .trim()
      .regex(/^\d{2,3}\.0$/, 'Use a Salesforce API version such as "62.0".')
      .default('62.0'),
    authFlow: z.enum(authFlows),
    clientId: z.string().trim().min(1).max(500).nullable().default(null),
    groupType: z.string().trim().min(1).max(200),
    objectName: z
      .string()
      .trim()
      .refine(isValidObjectName, 'Use a Salesforce object API name such as Account.')
      .default('Account'),
    matchField: fieldPath.default('Id'),
    nameField: fieldPath.nullable().default(null),
    fieldMappings: z
      .array(z.object({ field: fieldPath, property: z.string().trim().min(1).max(200).nullable().optional() }).strict())
      .max(200)
      .default([])
      .transform((mappings) =>
        mappings.map((mapping) => ({ field: mapping.field, property: mapping.property ?? mapping.field })),
      )
      .refine(
        (mappings) => new Set(mappings.map((mapping) => mapping.property)).size === mappings.length,
        'Two fields are mapped to the same group property.',
      ),
    intervalDays: z
      .number()
      .int()
      .min(1, 'The interval is at least 1 day.')
      .max(365, 'The interval is at most 365 days.')
      .default(1),
    /** Every group at every hour's job, as Amplitude's hourly sync; the interval in days is then unused. */
    hourly: z.boolean().default(false),
  })
  .strict();

export type SyncSettings = z.infer<typeof syncSettingsSchema>;

export const credentialsSchema = z
  .object({
    accessToken: z.string().min(1).max(4096).optional(),
    refreshToken: z.string().min(1).max(4096).optional(),
    clientSecret: z.string().min(1).max(4096).optional(),
  })
  .strict();

export type CredentialName = keyof z.infer<typeof credentialsSchema>;

/** The secrets each flow needs before the sync may be switched on. */
export const requiredCredentials: Record<(typeof authFlows)[number], { clientId: boolean; secrets: CredentialName[] }> =
  {
    access_token: { clientId: false, secrets: ['accessToken'] },
    refresh_token: { clientId: true, secrets: ['refreshToken'] },
    client_credentials: { clientId: true, secrets: ['clientSecret'] },
  };

export const exportFormat = 'leadmaps.salesforce-sync';
export const exportVersion = 1;

export const exportFileSchema = z
  .object({
    format: z.literal(exportFormat, {
      message: `Not a leadmaps Salesforce sync export (expected "format": "${exportFormat}").`,
    }),
    version: z.literal(exportVersion, {
      message: `Unsupported export version (this server reads version ${exportVersion}).`,
    }),
    settings: z.unknown(),
  })
  .strict();

/** One line per problem, with the path of the offending setting. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

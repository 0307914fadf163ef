import { Arg, Authorized, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { requireViewer, type RequestContext } from '../projects/request-context';
import { auditActorOf } from '../audit/audit-log.repository';
import { DomainError } from '../../lib/domain-error';
import { checkPageSize, decodeCursor, encodeCursor, toConnection } from '../../lib/connection';
import { nextDailyRunAt, nextHourlyRunAt } from './pickup-dates';
import type { SalesforceSyncRunRecord } from './salesforce-sync-run.repository';
import type { SalesforceSyncView } from './salesforce-sync-settings.service';
import { SalesforceSyncInput } from './salesforce-sync.inputs';
import type { SalesforceSyncModule } from './salesforce-sync.module';
import {
  type SalesforceAuthFlowOption,
  SalesforceSyncRunConnectionType,
  SalesforceObjectDescriptionType,
  SalesforceSyncRunPageType,
  type SalesforceSyncRunStatusOption,
  SalesforceSyncRunType,
  type SalesforceSyncScopeOption,
  type SalesforceSyncTriggerOption,
  SalesforceSyncType,
} from './salesforce-sync.type';

const salesforceRunCursorKind = 'salesforce-run';

/** The part of the GraphQL context the Salesforce resolvers use. */
type SalesforceRequestContext = RequestContext<{ salesforceSync: SalesforceSyncModule }>;

/** GraphQL leaves omitted optional fields null; the settings schema wants them absent to apply its defaults. */
function withoutEmpty(input: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== null && value !== undefined));
}

function toSyncType(view: SalesforceSyncView, module: SalesforceSyncModule): SalesforceSyncType {
  return {
    ...view,
    authFlow: view.authFlow as SalesforceAuthFlowOption,
    groupType: view.groupType.name,
    syncHourUtc: module.syncHourUtc,
    nextJobAt: view.hourly ? nextHourlyRunAt(module.now()) : nextDailyRunAt(module.now(), module.syncHourUtc),
  };
}

function toRunType(run: SalesforceSyncRunRecord): SalesforceSyncRunType {
  return {
    ...run,
    trigger: run.trigger as SalesforceSyncTriggerOption,
    scope: run.scope as SalesforceSyncScopeOption,
    status: run.status as SalesforceSyncRunStatusOption,
  };
}

@Resolver()
export class SalesforceSyncResolver {
  @Authorized()
  @Query(() => SalesforceSyncType, {
    nullable: true,
    description: 'The Salesforce sync settings, or null when none is configured.',
  })
  async salesforceSync(@Ctx() context: SalesforceRequestContext): Promise<SalesforceSyncType | null> {
    const { project } = requireViewer(context);
    const view = await context.services.salesforceSync.settings.get(project.id);
    return view && toSyncType(view, context.services.salesforceSync);
  }

  @Authorized()
  @Query(() => String, { description: 'The settings as JSON for importSalesforceSync (without credentials).' })
  exportSalesforceSync(@Ctx() context: SalesforceRequestContext): Promise<string> {
    return context.services.salesforceSync.settings.exportJson(requireViewer(context).project.id);
  }

  @Authorized()
  @Query(() => SalesforceSyncRunConnectionType, { description: 'Runs of the sync, newest first.' })
  async salesforceSyncRunsConnection(
    @Ctx() context: SalesforceRequestContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20, description: 'At most 200.' }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<SalesforceSyncRunConnectionType> {
    const { project } = requireViewer(context);
    const size = checkPageSize(first, 20);
    const key = decodeCursor(salesforceRunCursorKind, after, ['id']);
    const runs = await context.services.salesforceSync.runs.listRuns(project.id, size + 1, key ? Number(key[0]) : null);
    return toConnection(runs, size, after, (run) => encodeCursor(salesforceRunCursorKind, [String(run.id)]), toRunType);
  }

  @Authorized()
  @Query(() => SalesforceSyncRunPageType, {
    description: 'Runs of the sync, newest first.',
    deprecationReason: 'Use `salesforceSyncRunsConnection`: the same runs as a connection (edges, pageInfo).',
  })
  async salesforceSyncRuns(
    @Ctx() context: SalesforceRequestContext,
    @Arg('first', () => Int, { description: 'Page size (default 20).', defaultValue: 20 }) first: number,
    @Arg('after', () => String, {
      description: "Cursor of the previous page's endCursor; omitted: the newest runs.",
      nullable: true,
    })
    after: string | null | undefined,
  ): Promise<SalesforceSyncRunPageType> {
    const { project } = requireViewer(context);
    if (first < 1 || first > 100) throw new DomainError('INVALID_INPUT', '`first` must be between 1 and 100.');
    const beforeId = after === null || after === undefined ? null : Number(after);
    if (beforeId !== null && !Number.isSafeInteger(beforeId))
      throw new DomainError('INVALID_INPUT', 'Invalid `after` cursor.');
    const runs = await context.services.salesforceSync.runs.listRuns(project.id, first + 1, beforeId);
    const nodes = runs.slice(0, first).map(toRunType);
    return {
      nodes,
      hasNextPage: runs.length > first,
      endCursor: nodes.length ? String(nodes[nodes.length - 1]!.id) : null,
    };
  }

  @Authorized()
  @Query(() => SalesforceSyncRunType, {
    nullable: true,
    description: 'One run of the sync by id; null when there is none.',
  })
  async salesforceSyncRun(
    @Ctx() context: SalesforceRequestContext,
    @Arg('id', () => Int, { description: "The run's id." }) id: number,
  ): Promise<SalesforceSyncRunType | null> {
    const run = await context.services.salesforceSync.runs.getRun(requireViewer(context).project.id, id);
    return run && toRunType(run);
  }

  @Authorized()
  @Query(() => String, {
    nullable: true,
    description: 'UTC day (YYYY-MM-DD) a group is next due for the sync; null before the sync is activated.',
  })
  salesforceSyncPickupDate(
    @Ctx() context: SalesforceRequestContext,
    @Arg('groupValue', () => String, { description: "The group's value (of the synced group type)." })
    groupValue: string,
  ): Promise<string | null> {
    return context.services.salesforceSync.settings.pickupDateOf(requireViewer(context).project.id, groupValue);
  }

  @Authorized()
  @Query(() => SalesforceObjectDescriptionType, {
    description:
      'The fields of a Salesforce object (the synced one when objectName is omitted), asked of Salesforce with the stored connection.',
  })
  salesforceObjectFields(
    @Ctx() context: SalesforceRequestContext,
    @Arg('objectName', () => String, {
      description: 'The Salesforce object (API name); omitted: the object of the saved settings.',
      nullable: true,
    })
    objectName: string | null | undefined,
  ): Promise<SalesforceObjectDescriptionType> {
    return context.services.salesforceSync.objectFields.describe(requireViewer(context).project.id, objectName);
  }

  @Authorized('admin')
  @Mutation(() => SalesforceSyncType, {
    description: 'Creates or replaces the sync settings. Credentials, when given, replace the stored ones.',
  })
  async saveSalesforceSync(
    @Ctx() context: SalesforceRequestContext,
    @Arg('input', () => SalesforceSyncInput, { description: 'The whole settings; credentials only when they change.' })
    input: SalesforceSyncInput,
  ): Promise<SalesforceSyncType> {
    const { credentials, fieldMappings, ...settings } = input;
    const viewer = requireViewer(context);
    const view = await context.services.salesforceSync.settings.save(
      viewer.project.id,
      { ...withoutEmpty(settings), ...(fieldMappings ? { fieldMappings: fieldMappings.map(withoutEmpty) } : {}) },
      credentials ? withoutEmpty(credentials) : undefined,
      auditActorOf(viewer),
    );
    return toSyncType(view, context.services.salesforceSync);
  }

  @Authorized('admin')
  @Mutation(() => SalesforceSyncType, {
    description: 'Applies JSON from exportSalesforceSync; stored credentials are kept.',
  })
  async importSalesforceSync(
    @Ctx() context: SalesforceRequestContext,
    @Arg('json', () => String, { description: 'Settings as exported (JSON text); credentials are never part of it.' })
    json: string,
  ): Promise<SalesforceSyncType> {
    const viewer = requireViewer(context);
    const view = await context.services.salesforceSync.settings.importJson(
      viewer.project.id,
      json,
      auditActorOf(viewer),
    );
    return toSyncType(view, context.services.salesforceSync);
  }

  @Authorized('admin')
  @Mutation(() => Boolean, { description: 'Removes the sync settings and credentials; the run history stays.' })
  deleteSalesforceSync(@Ctx() context: SalesforceRequestContext): Promise<boolean> {
    const viewer = requireViewer(context);
    return context.services.salesforceSync.settings.delete(viewer.project.id, auditActorOf(viewer));
  }

  @Authorized('admin')
  @Mutation(() => SalesforceSyncRunType, {
    description: 'Syncs one group (by value) or, without a value, every group of the synced type now.',
  })
  async runSalesforceSync(
    @Ctx() context: SalesforceRequestContext,
    @Arg('groupValue', () => String, {
      description: 'Only this group (its value); omitted: every group of the synced type.',
      nullable: true,
    })
    groupValue: string | null | undefined,
    @Arg('wait', () => Boolean, {
      defaultValue: false,
      description: 'Answer when the run has finished instead of when it has started.',
    })
    wait: boolean,
  ): Promise<SalesforceSyncRunType> {
    return toRunType(
      await context.services.salesforceSync.runs.syncNow(requireViewer(context).project.id, { groupValue, wait }),
    );
  }

  @Authorized('admin')
  @Mutation(() => SalesforceSyncRunType, { description: 'Continues a failed run after the last group it committed.' })
  async resumeSalesforceSyncRun(
    @Ctx() context: SalesforceRequestContext,
    @Arg('id', () => Int, { description: "The failed or interrupted run's id." }) id: number,
    @Arg('wait', () => Boolean, {
      description: 'Default false: return at once with the run RUNNING; true: wait for it to finish.',
      defaultValue: false,
    })
    wait: boolean,
  ): Promise<SalesforceSyncRunType> {
    return toRunType(
      await context.services.salesforceSync.runs.resume(requireViewer(context).project.id, id, { wait }),
    );
  }
}

import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { TrendLabelEnum } from '../../analytics/graphql/group-analytics.enums';
import { DateTimeScalar, JsonScalar } from '../../analytics/graphql/analytics-scalars';
import { PageInfoType } from '../../analytics/graphql/group-summary.type';
import { ProjectType } from '../../projects/project.type';

export enum RebuildStateEnum {
  RUNNING = 'running',
  FINISHED = 'finished',
  FAILED = 'failed',
}
registerEnumType(RebuildStateEnum, {
  valuesConfig: {
    RUNNING: { description: 'Under way; figures still use the old time zone.' },
    FINISHED: { description: 'Done; figures use the new time zone.' },
    FAILED: { description: 'Stopped with an error; the old time zone and figures stay.' },
  },
  description: 'Where a background rebuild of the rollups stands.',
  name: 'RebuildState',
});

@ObjectType('TimeZoneChange', {
  description:
    'A time-zone change and the rollup rebuild it runs in the background. Until it finishes, every figure uses the old time zone.',
})
export class TimeZoneChangeType {
  @Field(() => RebuildStateEnum, { description: 'RUNNING, FINISHED or FAILED.' })
  state!: RebuildStateEnum;

  @Field(() => String, { nullable: true, description: 'Null until the rebuild has read the current zone.' })
  fromTimeZone!: string | null;

  @Field(() => String, { description: 'The IANA time zone the project moves to.' })
  toTimeZone!: string;

  @Field(() => String, {
    description:
      'waiting, folding_queued_events, clearing_rollups, recomputing_rollups, recording_changes, committing or done.',
  })
  step!: string;

  @Field(() => Int, { description: 'Steps of the rebuild done so far.' })
  completedSteps!: number;

  @Field(() => Int, { description: 'Steps of the rebuild in all.' })
  totalSteps!: number;

  @Field(() => DateTimeScalar, { description: 'When the change was asked for.' })
  startedAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When it finished or failed; null while RUNNING.', nullable: true })
  finishedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it failed (the old zone and figures stay).' })
  error!: string | null;
}

@ObjectType('TrendBandCount', { description: 'How many groups a trend band would hold.' })
export class TrendBandCountType {
  @Field(() => TrendLabelEnum, { description: 'The trend band.' })
  label!: keyof typeof TrendLabelEnum;

  @Field(() => Int, { description: 'Groups of the type in the band.' })
  groups!: number;
}

export enum AuditActorEnum {
  SECRET_KEY = 'secret_key',
  ADMIN_SESSION = 'admin_session',
  COMMAND_LINE = 'command_line',
}
registerEnumType(AuditActorEnum, {
  valuesConfig: {
    SECRET_KEY: { description: "An API call authenticated with the project's secret key." },
    COMMAND_LINE: { description: 'The leadmaps command line run on the server.' },
    ADMIN_SESSION: { description: 'A person signed in to the web app with the secret key (admin session).' },
  },
  name: 'AuditActor',
  description:
    'Who made a change: SECRET_KEY (the API), ADMIN_SESSION (the web app signed in with the secret key), COMMAND_LINE.',
});

@ObjectType('SettingsChange', { description: 'One entry of the settings audit log.' })
export class SettingsChangeType {
  @Field(() => String, { description: "The change's id in the audit log." })
  id!: string;

  @Field(() => AuditActorEnum, { description: 'Who made the change.' })
  actor!: AuditActorEnum;

  @Field(() => String, { description: 'What changed, e.g. project.time_zone or group_type.settings.' })
  action!: string;

  @Field(() => String, { nullable: true, description: 'What it changed within the project (a group type name).' })
  subject!: string | null;

  @Field(() => JsonScalar, {
    description: 'The setting before the change (JSON); null when it did not exist. Secrets are never included.',
    nullable: true,
  })
  before!: unknown;

  @Field(() => JsonScalar, {
    description: 'The setting after the change (JSON); null when it was removed. Secrets are never included.',
    nullable: true,
  })
  after!: unknown;

  @Field(() => DateTimeScalar, { description: 'When the change was made.' })
  createdAt!: Date;
}

@ObjectType('SettingsChangeEdge')
export class SettingsChangeEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => SettingsChangeType)
  node!: SettingsChangeType;
}

@ObjectType('SettingsChangeConnection', { description: 'The settings audit log, newest first.' })
export class SettingsChangeConnectionType {
  @Field(() => [SettingsChangeEdgeType])
  edges!: SettingsChangeEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;
}

@ObjectType('CreatedProject', {
  description: 'A new project and its keys. The secret and read keys are shown only here.',
})
export class CreatedProjectType {
  @Field(() => ProjectType, { description: 'The project just created.' })
  project!: ProjectType;

  @Field(() => String, { description: 'Full access; only its hash is stored: store it now.' })
  secretKey!: string;

  @Field(() => String, { description: 'Read-only; only its hash is stored: store it now.' })
  readKey!: string;
}

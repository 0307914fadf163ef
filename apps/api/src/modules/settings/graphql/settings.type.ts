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
registerEnumType(RebuildStateEnum, { name: 'RebuildState' });

@ObjectType('TimeZoneChange', {
  description:
    'A time-zone change and the rollup rebuild it runs in the background. Until it finishes, every figure uses the old time zone.',
})
export class TimeZoneChangeType {
  @Field(() => RebuildStateEnum)
  state!: RebuildStateEnum;

  @Field(() => String, { nullable: true, description: 'Null until the rebuild has read the current zone.' })
  fromTimeZone!: string | null;

  @Field(() => String)
  toTimeZone!: string;

  @Field(() => String, {
    description:
      'waiting, folding_queued_events, clearing_rollups, recomputing_rollups, recording_changes, committing or done.',
  })
  step!: string;

  @Field(() => Int)
  completedSteps!: number;

  @Field(() => Int)
  totalSteps!: number;

  @Field(() => DateTimeScalar)
  startedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it failed (the old zone and figures stay).' })
  error!: string | null;
}

@ObjectType('TrendBandCount', { description: 'How many groups a trend band would hold.' })
export class TrendBandCountType {
  @Field(() => TrendLabelEnum)
  label!: keyof typeof TrendLabelEnum;

  @Field(() => Int)
  groups!: number;
}

export enum AuditActorEnum {
  SECRET_KEY = 'secret_key',
  ADMIN_SESSION = 'admin_session',
  COMMAND_LINE = 'command_line',
}
registerEnumType(AuditActorEnum, {
  name: 'AuditActor',
  description:
    'Who made a change: SECRET_KEY (the API), ADMIN_SESSION (the web app signed in with the secret key), COMMAND_LINE.',
});

@ObjectType('SettingsChange', { description: 'One entry of the settings audit log.' })
export class SettingsChangeType {
  @Field(() => String)
  id!: string;

  @Field(() => AuditActorEnum)
  actor!: AuditActorEnum;

  @Field(() => String, { description: 'What changed, e.g. project.time_zone or group_type.settings.' })
  action!: string;

  @Field(() => String, { nullable: true, description: 'What it changed within the project (a group type name).' })
  subject!: string | null;

  @Field(() => JsonScalar, { nullable: true })
  before!: unknown;

  @Field(() => JsonScalar, { nullable: true })
  after!: unknown;

  @Field(() => DateTimeScalar)
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
  @Field(() => ProjectType)
  project!: ProjectType;

  @Field(() => String, { description: 'Full access; only its hash is stored: store it now.' })
  secretKey!: string;

  @Field(() => String, { description: 'Read-only; only its hash is stored: store it now.' })
  readKey!: string;
}

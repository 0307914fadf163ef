import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, JsonScalar } from '../../analytics/graphql/analytics-scalars';
import { PropertyChangeType } from '../../analytics/graphql/group-detail.type';
import { PageInfoType } from '../../analytics/graphql/group-summary.type';

export enum PropertyValueKind {
  STRING = 'STRING',
  NUMBER = 'NUMBER',
  BOOLEAN = 'BOOLEAN',
  LIST = 'LIST',
  OBJECT = 'OBJECT',
  NULL = 'NULL',
}

registerEnumType(PropertyValueKind, {
  valuesConfig: {
    STRING: { description: 'Text.' },
    OBJECT: { description: 'A JSON object.' },
    NUMBER: { description: 'A JSON number.' },
    NULL: { description: 'No value (null).' },
    LIST: { description: 'A JSON array.' },
    BOOLEAN: { description: 'true or false.' },
  },
  name: 'PropertyValueKind',
  description: 'The JSON type of a property value.',
});

export function kindOfValue(value: unknown): PropertyValueKind {
  if (value === null || value === undefined) return PropertyValueKind.NULL;
  if (Array.isArray(value)) return PropertyValueKind.LIST;
  if (typeof value === 'string') return PropertyValueKind.STRING;
  if (typeof value === 'number') return PropertyValueKind.NUMBER;
  if (typeof value === 'boolean') return PropertyValueKind.BOOLEAN;
  return PropertyValueKind.OBJECT;
}

@ObjectType('GroupProperty', { description: 'One property of a group: its current value and where it came from.' })
export class GroupPropertyType {
  /** The group it belongs to, for `history`; not exposed. */
  groupId!: bigint;

  @Field(() => String, { description: 'The property name.' })
  key!: string;

  @Field(() => JsonScalar, { nullable: true, description: 'The current value.' })
  value!: unknown;

  @Field(() => PropertyValueKind, { description: 'The JSON type of the current value.' })
  type!: PropertyValueKind;

  @Field(() => String, {
    nullable: true,
    description:
      'Who set the current value: ingest, identify, salesforce or dynamic; null when no change is on record.',
  })
  source!: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When the current value was set; null when no change is on record.',
  })
  updatedAt!: Date | null;
}

@ObjectType('PropertyChangeEdge')
export class PropertyChangeEdgeType {
  @Field(() => String)
  cursor!: string;

  @Field(() => PropertyChangeType)
  node!: PropertyChangeType;
}

@ObjectType('PropertyChangeConnection', { description: 'Property changes, newest first.' })
export class PropertyChangeConnectionType {
  @Field(() => [PropertyChangeEdgeType])
  edges!: PropertyChangeEdgeType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;
}

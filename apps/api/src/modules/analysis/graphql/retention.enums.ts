import { registerEnumType } from 'type-graphql';

export const RetentionCellStatusEnum = { RETAINED: 'RETAINED', LOST: 'LOST' } as const;
registerEnumType(RetentionCellStatusEnum, {
  name: 'RetentionCellStatus',
  description:
    'Which units of a retention cell: RETAINED (returned in the period) or LOST (born in the cohort, did not).',
});

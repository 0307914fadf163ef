import { registerEnumType } from 'type-graphql';

export const RetentionCellStatusEnum = { RETAINED: 'RETAINED', LOST: 'LOST' } as const;
registerEnumType(RetentionCellStatusEnum, {
  valuesConfig: {
    RETAINED: { description: "Born in the period with a return event in the cell's period." },
    LOST: { description: "Born in the period without a return event in the cell's period." },
  },
  name: 'RetentionCellStatus',
  description:
    'Which units of a retention cell: RETAINED (returned in the period) or LOST (born in the cohort, did not).',
});

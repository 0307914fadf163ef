import { registerEnumType } from 'type-graphql';
import { funnelOutcomes, funnelWindowUnits } from '../funnel-query';

const enumOf = <Value extends string>(values: readonly Value[]) =>
  Object.fromEntries(values.map((value) => [value, value])) as { [Key in Value]: Key };

export const FunnelWindowUnitEnum = enumOf(funnelWindowUnits);
export const FunnelOutcomeEnum = enumOf(funnelOutcomes);

registerEnumType(FunnelWindowUnitEnum, {
  valuesConfig: {
    MINUTE: { description: 'Minutes.' },
    HOUR: { description: 'Hours.' },
    DAY: { description: 'Days of 24 hours.' },
  },
  name: 'FunnelWindowUnit',
  description: 'MINUTE, HOUR or DAY (24 hours).',
});
registerEnumType(FunnelOutcomeEnum, {
  valuesConfig: {
    REACHED: { description: 'Reached the step (and maybe further).' },
    DROPPED_OFF: { description: 'Reached the step and not the next one (not on the last step).' },
  },
  name: 'FunnelOutcome',
  description:
    'REACHED: the units that reached at least the step. DROPPED_OFF: the units that reached the step and not the next one.',
});

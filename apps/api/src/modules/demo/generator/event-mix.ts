// Chooses what a person does next: first whether it is a key action (the account's bias shifts
// that), then which event within the chosen family, by catalogue weight.
import { type EventTypeDefinition, productEventTypes, unknownKeyActionWeight } from './catalog';
import type { Random } from './random';

interface Family {
  types: EventTypeDefinition[];
  cumulative: Float64Array;
  total: number;
}

export class EventMix {
  private readonly keyActions: Family;
  private readonly otherEvents: Family;
  readonly keyActionShare: number;

  constructor(keyActionNames: readonly string[]) {
    const wanted = new Set(keyActionNames);
    const known = new Set(productEventTypes.map((type) => type.name));
    const keyTypes = [
      ...productEventTypes.filter((type) => wanted.has(type.name)),
      ...[...wanted].filter((name) => !known.has(name)).map((name) => ({ name, weight: unknownKeyActionWeight })),
    ];
    this.keyActions = family(keyTypes);
    this.otherEvents = family(productEventTypes.filter((type) => !wanted.has(type.name)));
    this.keyActionShare = this.keyActions.total / (this.keyActions.total + this.otherEvents.total);
  }

  choose(random: Random, keyActionBias: number): EventTypeDefinition {
    const useKeyAction =
      this.keyActions.types.length > 0 &&
      (this.otherEvents.types.length === 0 || random.next() < this.keyActionShare * keyActionBias);
    return pick(useKeyAction ? this.keyActions : this.otherEvents, random);
  }
}

function family(types: EventTypeDefinition[]): Family {
  const cumulative = new Float64Array(types.length);
  let total = 0;
  types.forEach((type, index) => {
    total += type.weight;
    cumulative[index] = total;
  });
  return { types, cumulative, total };
}

function pick(family: Family, random: Random): EventTypeDefinition {
  const threshold = random.next() * family.total;
  const cumulative = family.cumulative;
  let index = 0;
  while (index < cumulative.length - 1 && cumulative[index]! <= threshold) index++;
  return family.types[index]!;
}

// Loads (or checks) the Groups benchmark databases without measuring: `npm run bench:groups:load -- 1000000 10000000`.
import { datasetParameters, ensureGroupsDataset } from './groups-query-data';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((size) => size > 0);
for (const size of sizes.length ? sizes : [1_000_000, 10_000_000]) {
  const dataset = await ensureGroupsDataset(datasetParameters(size));
  console.log(
    `${size.toLocaleString('en-US')}: ${dataset.storedEvents.toLocaleString('en-US')} stored events, ${dataset.users.toLocaleString('en-US')} users, ${dataset.groups.toLocaleString('en-US')} groups (${dataset.reused ? 'reused' : `loaded in ${dataset.loadSeconds?.toFixed(0)} s`})`,
  );
}

// Answers a repeated Groups page from memory while the data behind it is unchanged. The key holds
// everything a page depends on: the request, the project's settings, the group type, and the
// data version (see queries/project-data-version.query.ts), so any ingest, new group or property
// change makes the next read compute afresh. Entries also expire after a few seconds: two ingest
// transactions can commit out of id order, and an entry cached between those commits would
// otherwise miss the earlier ids' rows until the next write.
import { TimeBoundCache } from '../../lib/time-bound-cache';

export const pageCacheLifetimeMilliseconds = 5_000;
const maximumEntries = 200;

export class GroupPageCache<Page> extends TimeBoundCache<Page> {
  constructor(lifetimeMilliseconds = pageCacheLifetimeMilliseconds, clock: () => number = Date.now) {
    super({ lifetimeMilliseconds, maximumEntries, clock });
  }
}

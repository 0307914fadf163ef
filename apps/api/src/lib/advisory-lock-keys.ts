// Every transaction-level advisory lock of leadmaps, in one table so no two locks share a key:
// pg_advisory_xact_lock(key, project id) serialises one kind of write per project.
export const advisoryLockKeys = {
  /** Creating group types (at most five per project): modules/groups/group-type.repository.ts. */
  groupTypes: 1,
  /** Registering group property keys under the project's limit: modules/groups/group-property.repository.ts. */
  groupPropertyKeys: 2,
  /** One fold (or rebuild, or key-action recount) of a project's rollups at a time: modules/rollups/rollup-lock.ts. */
  rollupFold: 0x4c4d_0001,
} as const;

export { openStore, StoreInUseError, QueryError, type StoreOptions } from './open'
export { migrate, MigrationError, defaultMigrationsDir, splitStatements } from './migrate'
export type { Store, Reader, Writer, Params, InsertOptions } from './types'

export {
  GRACE_MS,
  listDeletions,
  getDeletion,
  type Deletion,
  type DeletionRequest,
} from './deletions'
export { scheduleDeletion, cancelDeletion } from './schedule'
export { runDueDeletions, startDeletionWorker, monthsBefore } from './run-due'
export {
  eraseSiteData,
  condition as erasedRows,
  cutHours,
  findHourlyRollups,
  rebuildHours,
  type EraseScope,
  type EraseReport,
  type HourlyRollup,
} from './erase'
export { findSiteDataTables } from './data-tables'

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { migrate, openStore, type Store } from '../../server/store'

export interface TestStore {
  store: Store
  dataDir: string
  cleanup(): Promise<void>
}

/**
 * Opens a migrated embedded store in a fresh temporary DATA_DIR. chDB allows one data
 * directory per process, so call this once per test file (in beforeAll).
 */
export async function openTestStore(): Promise<TestStore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'spur-test-'))
  const store = await openStore({ dataDir, database: 'spur' })
  await migrate(store)
  return {
    store,
    dataDir,
    async cleanup() {
      await store.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

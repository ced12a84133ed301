import { open, type FileHandle } from 'node:fs/promises'

/**
 * Opens real spool files whose writes go wrong on cue, as on a full disk. `fails(n)` is asked
 * for write number n (counting every write, headers included): a failing write stores half
 * its bytes and then throws ENOSPC, or with `short` returns having written half.
 * `truncate: false` makes cutting a file back fail as well.
 */
export function failingFiles(plan: {
  fails: (write: number) => boolean
  short?: boolean
  truncate?: boolean
}): (path: string) => Promise<FileHandle> {
  let writes = 0
  return async (path) => {
    const file = await open(path, 'a')
    return new Proxy(file, {
      get(target, prop) {
        if (prop === 'write')
          return async (data: Buffer | string) => {
            const bytes = Buffer.from(data)
            if (!plan.fails(++writes)) return target.write(bytes)
            const half = await target.write(bytes.subarray(0, bytes.length >> 1))
            if (plan.short) return half
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
              code: 'ENOSPC',
            })
          }
        if (prop === 'truncate' && plan.truncate === false)
          return () => Promise.reject(new Error('EIO: i/o error, ftruncate'))
        const value = Reflect.get(target, prop) as unknown
        return typeof value === 'function' ? (value as () => unknown).bind(target) : value
      },
    })
  }
}

import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import type { FileHandle } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { segmentRows } from '../../../server/ingest/record'
import { readSegment, Spool, SpoolFullError, type Segment } from '../../../server/ingest/spool'
import { insertable } from '../../../server/ingest/writer'
import { failingFiles } from '../../helpers/failing-files'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function makeSpool(
  options: Partial<{
    maxBytes: number
    segmentRecords: number
    segmentMs: number
    header: string
    openFile: (path: string) => Promise<FileHandle>
  }> = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'spur-spool-'))
  dirs.push(dir)
  const sealed: Segment[] = []
  const spool = new Spool({
    dir,
    maxBytes: options.maxBytes ?? 1 << 20,
    segmentRecords: options.segmentRecords ?? 1000,
    segmentMs: options.segmentMs ?? 60_000,
    onSegment: (s) => sealed.push(s),
    ...(options.header === undefined ? {} : { header: options.header }),
    ...(options.openFile ? { openFile: options.openFile } : {}),
  })
  return { dir, spool, sealed }
}

test('concurrent appends share fsyncs (group commit) and each resolves once on disk', async () => {
  const { spool, sealed } = makeSpool()
  await Promise.all(Array.from({ length: 200 }, (_, i) => spool.append(`{"i":${i}}`)))
  expect(spool.syncs).toBeLessThan(200)
  expect(spool.syncs).toBeGreaterThanOrEqual(1)
  await spool.cut()
  expect(sealed).toHaveLength(1)
  expect(sealed[0]?.records).toBe(200)
  expect(readSegment(sealed[0]?.path ?? '').lines).toHaveLength(200)
})

test('each file begins with the header; it counts as bytes, not as a record', async () => {
  const { spool, sealed } = makeSpool({ segmentRecords: 2, header: '#columns a,b' })
  for (let i = 0; i < 3; i++) await spool.append(`[${i},${i}]`)
  await spool.cut()
  expect(sealed.map((s) => s.records)).toEqual([2, 1])
  expect(sealed.map((s) => readSegment(s.path))).toEqual([
    { header: '#columns a,b', lines: ['[0,0]', '[1,1]'], torn: 0 },
    { header: '#columns a,b', lines: ['[2,2]'], torn: 0 },
  ])
  expect(sealed.map((s) => s.bytes)).toEqual([25, 19])
  expect(spool.pendingBytes).toBe(44)
  for (const s of sealed) await spool.release(s)
  expect(spool.pendingBytes).toBe(0)
})

test('a segment closes at its record count', async () => {
  const { spool, sealed } = makeSpool({ segmentRecords: 3 })
  for (let i = 0; i < 4; i++) await spool.append(`{"i":${i}}`)
  expect(sealed.map((s) => s.records)).toEqual([3])
})

test('a segment closes after its age', async () => {
  const { spool, sealed } = makeSpool({ segmentMs: 30 })
  await spool.append('{"i":1}')
  expect(sealed).toEqual([])
  await new Promise((r) => setTimeout(r, 150))
  expect(sealed.map((s) => s.records)).toEqual([1])
})

test('appends are refused once unconfirmed bytes reach the bound, and allowed after release', async () => {
  const { spool, sealed } = makeSpool({ maxBytes: 30 })
  await spool.append('x'.repeat(40))
  expect(spool.hasRoom()).toBe(false)
  await expect(spool.append('y')).rejects.toBeInstanceOf(SpoolFullError)
  await spool.cut()
  const [segment] = sealed
  if (!segment) throw new Error('no segment')
  await spool.release(segment)
  expect(spool.hasRoom()).toBe(true)
  expect(spool.pendingBytes).toBe(0)
  expect(existsSync(segment.path)).toBe(false)
})

test('files left by a crash are found for replay, and a torn last line is skipped', () => {
  const { dir, spool } = makeSpool()
  writeFileSync(join(dir, '000000000000001-1-000000.spool'), '{"a":1}\n{"a":2}\n')
  writeFileSync(join(dir, '000000000000002-1-000001.spool'), '{"a":3}\n{"a":')
  appendFileSync(join(dir, 'not-a-spool.txt'), 'x')
  const left = spool.leftovers()
  expect(left.map((s) => s.name)).toEqual([
    '000000000000001-1-000000.spool',
    '000000000000002-1-000001.spool',
  ])
  expect(readSegment(left[1]?.path ?? '')).toEqual({ lines: ['{"a":3}'], torn: 1 })
  expect(readdirSync(dir)).toHaveLength(3)
})

test('a close request seals one segment; hits appended meanwhile start the next, which lives on', async () => {
  const { spool, sealed } = makeSpool()
  const first = spool.append('{"i":1}')
  const cut = spool.cut()
  // Queued while the first group commit runs: after the requested close, not sealed with it,
  // and not sealed on their own either (one segment per group commit was a bug).
  const meanwhile = [spool.append('{"i":2}'), spool.append('{"i":3}')]
  await Promise.all([first, cut, ...meanwhile])
  expect(sealed.map((s) => s.records)).toEqual([1])
  await spool.append('{"i":4}')
  expect(sealed.map((s) => s.records)).toEqual([1])
  await spool.close()
  expect(sealed.map((s) => s.records)).toEqual([1, 3])
  expect(readSegment(sealed[1]?.path ?? '').lines).toEqual(['{"i":2}', '{"i":3}', '{"i":4}'])
})

test('close seals what was appended while it ran', async () => {
  const { spool, sealed } = makeSpool()
  const first = spool.append('{"i":1}')
  const closing = spool.close()
  const meanwhile = spool.append('{"i":2}')
  await Promise.all([first, closing, meanwhile])
  expect(sealed.map((s) => s.records)).toEqual([1, 1])
  await expect(spool.append('{"i":3}')).rejects.toThrow('closed')
})

test('a cut takes every line appended before it, even one queued behind a running group commit', async () => {
  const { spool, sealed } = makeSpool()
  const first = spool.append('{"i":1}')
  const queued = spool.append('{"i":2}')
  const cut = spool.cut()
  const later = spool.append('{"i":3}')
  await cut
  expect(sealed.map((s) => readSegment(s.path).lines)).toEqual([['{"i":1}', '{"i":2}']])
  await Promise.all([first, queued, later])
  await spool.close()
  expect(sealed.map((s) => readSegment(s.path).lines)).toEqual([
    ['{"i":1}', '{"i":2}'],
    ['{"i":3}'],
  ])
})

for (const short of [false, true])
  test(`a write that ${short ? 'comes back short' : 'fails part-way'} leaves nothing of its batch; the appends behind it fail too, latest first`, async () => {
    // Write 1 is the header, 2 the first batch, 3 the second.
    const { spool, sealed } = makeSpool({
      header: '#h',
      openFile: failingFiles({ fails: (n) => n === 3, short }),
    })
    await spool.append('{"i":1}')
    const undone: string[] = []
    const failing = spool.append('{"i":2}', () => undone.push('2'))
    // Queued while that write runs, on top of it.
    const behind = spool.append(['{"i":3}', '{"i":4}'], () => undone.push('3+4'))
    await expect(failing).rejects.toThrow(short ? 'Only' : 'ENOSPC')
    await expect(behind).rejects.toThrow(short ? 'Only' : 'ENOSPC')
    expect(undone).toEqual(['3+4', '2'])
    await spool.append('{"i":5}')
    await spool.cut()
    expect(sealed.map((s) => readSegment(s.path))).toEqual([
      { header: '#h', lines: ['{"i":1}', '{"i":5}'], torn: 0 },
    ])
    expect(sealed[0]?.records).toBe(2)
    expect(spool.pendingRecords).toBe(2)
    expect(spool.pendingBytes).toBe(sealed[0]?.bytes)
  })

test('a file that cannot be cut back is sealed as damaged, with the length that was synced', async () => {
  const { spool, sealed } = makeSpool({
    openFile: failingFiles({ fails: (n) => n === 2, truncate: false }),
  })
  await spool.append('{"i":1}')
  // Half of this batch reaches the file: a whole line that was never acknowledged, and a part.
  await expect(spool.append(['{"i":2}', '{"i":3}', '{"i":4}'])).rejects.toThrow('ENOSPC')
  const [damaged] = sealed
  if (!damaged) throw new Error('not sealed')
  expect(damaged).toMatchObject({ damaged: true, bytes: 8, records: 1 })
  const file = readFileSync(damaged.path)
  expect(file.toString()).toBe('{"i":1}\n{"i":2}\n{"i"')
  expect(segmentRows(insertable(damaged, file)).events.toString()).toBe('{"i":1}\n')
  // The next append starts a new file.
  await spool.append('{"i":5}')
  await spool.cut()
  expect(sealed.map((s) => s.damaged ?? false)).toEqual([true, false])
  expect(readSegment(sealed[1]?.path ?? '').lines).toEqual(['{"i":5}'])
})

test('the lines of one append are taken or refused together', async () => {
  const { spool, sealed } = makeSpool({ maxBytes: 10 })
  let undone = 0
  await spool.append(['{"a":1}', '{"b":2}'])
  await expect(spool.append(['{"c":3}', '{"d":4}'], () => undone++)).rejects.toBeInstanceOf(
    SpoolFullError,
  )
  expect(undone).toBe(1)
  await spool.cut()
  expect(sealed.map((s) => [s.records, readSegment(s.path).lines])).toEqual([
    [2, ['{"a":1}', '{"b":2}']],
  ])
})

test('a file whose header cannot be written is removed, and the next append starts afresh', async () => {
  // Write 1 is the first file's header.
  const { dir, spool, sealed } = makeSpool({
    header: '#h',
    openFile: failingFiles({ fails: (n) => n === 1, short: true }),
  })
  await expect(spool.append('{"i":1}')).rejects.toThrow('header')
  expect(readdirSync(dir)).toEqual([])
  await spool.append('{"i":2}')
  await spool.cut()
  expect(sealed.map((s) => readSegment(s.path))).toEqual([
    { header: '#h', lines: ['{"i":2}'], torn: 0 },
  ])
  expect(spool.pendingBytes).toBe(sealed[0]?.bytes)
})

test('files left by an earlier run count as pending while new hits arrive, and leave exactly what they added', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spur-spool-'))
  dirs.push(dir)
  writeFileSync(join(dir, '0001.spool'), '#h\n{"i":1}\n{"i":2}\n')
  writeFileSync(join(dir, '0002.spool'), '#h\n{"i":3}\n')
  const reopened = new Spool({
    dir,
    maxBytes: 1 << 20,
    segmentRecords: 1000,
    segmentMs: 60_000,
    onSegment: () => undefined,
  })
  const [counted, unread] = reopened.leftovers()
  if (!counted || !unread) throw new Error('no leftovers')
  // The first file's lines were read at start (as restoring the open visits does); the second
  // could not be read then.
  counted.records = readSegment(counted.path).lines.length
  for (const s of [counted, unread]) reopened.adopt(s)
  expect(reopened.pendingRecords).toBe(2)
  await reopened.append(['{"i":4}', '{"i":5}', '{"i":6}'])
  expect(reopened.pendingRecords).toBe(5)
  // The writer counts each file's rows when it stores them.
  unread.records = 1
  await reopened.release(unread)
  expect(reopened.pendingRecords).toBe(5)
  await reopened.release(counted)
  expect(reopened.pendingRecords).toBe(3)
  await reopened.close()
})

// Entry point. The embedded store's queries and the spool's fsyncs share libuv's thread pool
// (4 threads by default); a larger pool keeps long queries from delaying acknowledgements.
// It must be set before anything uses the pool, hence before the rest is loaded.
process.env.UV_THREADPOOL_SIZE ??= '16'

// V8 moves the objects made at a code site straight into the old generation once most of
// them have survived young collections ("pretenuring"). A burst (a start with a backlog of
// senders, a traffic spike) makes a request's objects live long for a moment; from then on
// every hit's parsed headers, router match and rows were allocated old and died there:
// about 10 KB per hit, scavenges of 5–15 ms and a full collection every few seconds at
// 2,400 hits/s. A collector's per-hit objects are short-lived by nature, so the heuristic is
// turned off before any code runs (bench/collect/RESULTS.md has the measurements).
const { setFlagsFromString } = await import('node:v8')
setFlagsFromString('--no-allocation-site-pretenuring')

await import('./start')
export {}

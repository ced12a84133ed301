// Entry point. The embedded store's queries and the spool's fsyncs share libuv's thread pool
// (4 threads by default); a larger pool keeps long queries from delaying acknowledgements.
// It must be set before anything uses the pool, hence before the rest is loaded.
process.env.UV_THREADPOOL_SIZE ??= '16'
await import('./start')
export {}

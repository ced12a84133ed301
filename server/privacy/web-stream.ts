/**
 * A web ReadableStream over a Node stream, pulled chunk by chunk, so a slow client slows the
 * export down instead of the server buffering it; a client that goes away ends the query.
 */
export function toWebStream(stream: NodeJS.ReadableStream): ReadableStream<Uint8Array> {
  const iterator: AsyncIterator<string | Buffer> = stream[Symbol.asyncIterator]()
  const encoder = new TextEncoder()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next()
      if (next.done) controller.close()
      else
        controller.enqueue(
          typeof next.value === 'string' ? encoder.encode(next.value) : new Uint8Array(next.value),
        )
    },
    async cancel() {
      await iterator.return?.()
    },
  })
}

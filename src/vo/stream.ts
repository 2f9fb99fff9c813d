/**
 * Feeding the streaming readers: text chunks from a fetch body, an async iterable or one large
 * string, with cancellation and pauses that let the page (or other requests) run.
 */

/** What the streaming readers accept: a fetch body, or any async sequence of text or bytes. */
export type ChunkSource =
  ReadableStream<Uint8Array> | AsyncIterable<string | Uint8Array>;

/** The error every reader throws when its AbortSignal fires. */
export function abortError(what: string): Error {
  return new DOMException(`${what} was cancelled.`, 'AbortError');
}

export function throwIfAborted(
  signal: AbortSignal | undefined,
  what: string
): void {
  if (signal?.aborted) {
    throw abortError(what);
  }
}

/**
 * Give the event loop a turn. setTimeout is clamped to 4 ms when nested in browsers, so prefer a
 * MessageChannel (browser) or setImmediate (Node).
 */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as {
    setImmediate?: (callback: () => void) => unknown;
    MessageChannel?: typeof MessageChannel;
  };
  if (typeof g.setImmediate === 'function') {
    const immediate = g.setImmediate;
    return new Promise(resolve => immediate(resolve));
  }
  if (typeof g.MessageChannel === 'function') {
    const channel = new g.MessageChannel();
    return new Promise(resolve => {
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise(resolve => setTimeout(resolve, 0));
}

/** An async iterator over a ReadableStream whose return() cancels the download at once. */
function readableIterator(
  stream: ReadableStream<Uint8Array>
): AsyncIterator<Uint8Array> {
  const reader = stream.getReader();
  return {
    next: async () => {
      const { done, value } = await reader.read();
      return done
        ? { done: true, value: undefined }
        : { done: false, value: value as Uint8Array };
    },
    return: async () => {
      // Resolves a pending read() too, so nothing is left waiting.
      await reader.cancel().catch(() => undefined);
      return { done: true, value: undefined };
    }
  };
}

/** Resolve with the next item, or reject as soon as the signal fires (a stalled body never hangs). */
function nextOrAbort<T>(
  iterator: AsyncIterator<T>,
  signal: AbortSignal | undefined,
  what: string
): Promise<IteratorResult<T>> {
  if (!signal) {
    return iterator.next();
  }
  throwIfAborted(signal, what);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(abortError(what));
    signal.addEventListener('abort', onAbort, { once: true });
    iterator.next().then(
      result => {
        signal.removeEventListener('abort', onAbort);
        resolve(result);
      },
      error => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      }
    );
  });
}

/**
 * Text chunks of a source, UTF-8 decoded across chunk boundaries. Checks the signal before each
 * chunk and while waiting for one.
 */
export async function* textChunks(
  source: ChunkSource,
  signal: AbortSignal | undefined,
  what: string
): AsyncGenerator<string> {
  // A ReadableStream is read through its reader (not all browsers make it async-iterable).
  const iterator: AsyncIterator<string | Uint8Array> =
    'getReader' in source
      ? readableIterator(source)
      : source[Symbol.asyncIterator]();
  const decoder = new TextDecoder('utf-8');
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await nextOrAbort(iterator, signal, what);
      if (done) {
        finished = true;
        break;
      }
      const text =
        typeof value === 'string'
          ? value
          : decoder.decode(value, { stream: true });
      if (text !== '') {
        yield text;
      }
    }
    const rest = decoder.decode();
    if (rest !== '') {
      yield rest;
    }
  } finally {
    if (!finished) {
      // Not awaited: a source stuck in a pending read must not keep the caller waiting.
      iterator.return?.()?.catch(() => undefined);
    }
  }
}

/** Slices of a large string, so a reader can pause between them. */
export function* stringSlices(
  text: string,
  size: number = 1 << 16
): Generator<string> {
  for (let offset = 0; offset < text.length; offset += size) {
    let end = Math.min(offset + size, text.length);
    // Never split a surrogate pair.
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) {
      end++;
    }
    yield text.slice(offset, end);
    offset = end - size;
  }
}

/** Writes chunks to a reader, pausing every `budget` elements so the page stays responsive. */
export interface IChunkSink {
  write(chunk: string): void;
  /** Elements seen so far; used to decide when to pause. */
  readonly elements: number;
  /** No more input is needed (a row limit was reached): reading stops, the source is cancelled. */
  readonly done?: boolean;
}

export interface IPumpOptions {
  signal?: AbortSignal;
  /** Pause for the event loop after this many elements (default 5,000). */
  elementsPerPause?: number;
}

/** Feed a whole string or a chunk source to a sink, pausing and checking for cancellation. */
export async function pump(
  source: string | ChunkSource,
  sink: IChunkSink,
  what: string,
  options: IPumpOptions = {}
): Promise<void> {
  const budget = options.elementsPerPause ?? 5000;
  let lastPause = sink.elements;
  const chunks: Iterable<string> | AsyncIterable<string> =
    typeof source === 'string'
      ? stringSlices(source)
      : textChunks(source, options.signal, what);
  for await (const chunk of chunks) {
    throwIfAborted(options.signal, what);
    // A big chunk from the network is cut so that no single write blocks for long.
    if (sink.done) {
      // Leaving the loop returns the iterator, which cancels a network body.
      break;
    }
    for (const slice of chunk.length > 1 << 16
      ? stringSlices(chunk)
      : [chunk]) {
      if (sink.done) {
        break;
      }
      sink.write(slice);
      if (sink.elements - lastPause >= budget) {
        lastPause = sink.elements;
        await yieldToEventLoop();
        throwIfAborted(options.signal, what);
      }
    }
  }
  throwIfAborted(options.signal, what);
}

/** All the bytes of a stream, telling `onProgress` how many have arrived after each chunk. */
export async function readAllBytes(
  stream: ReadableStream<Uint8Array>,
  onProgress?: (received: number) => void
): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    chunks.push(value);
    received += value.length;
    onProgress?.(received);
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/**
 * Bytes of the model and runtime files read so far, for the page's loading progress ("6.1 of
 * 20.3 MB"). The realm's fetch (same-origin-fetch.ts) hands each response here; while someone
 * listens (the models load), a response of a model or runtime file (under /models/ or /wasm/)
 * with a known length is counted as a copy of its body arrives. The total is the build's count of
 * the files a load reads, or the sum of the lengths of the files started so far where that is more. No listener: the response passes untouched.
 */
export type BytesListener = (loaded: number, total: number) => void;

const METERED = /\/(models|wasm)\//;
/** What the build says a load reads (vite.config.ts), 0 where it is not built by Vite (unit tests). */
declare const __VISAGE_MODEL_BYTES__: number | undefined;
const EXPECTED = typeof __VISAGE_MODEL_BYTES__ === 'number' ? __VISAGE_MODEL_BYTES__ : 0;
/** At most one report in this many ms (the last one always). */
const REPORT_MS = 100;

const listeners = new Set<BytesListener>();
let loaded = 0;
let total = 0;
let lastReport = 0;

function report(force: boolean): void {
  const now = performance.now();
  if (!force && now - lastReport < REPORT_MS) return;
  lastReport = now;
  // A compressed response's length is less than what its body gives: never past the total.
  const whole = Math.max(total, EXPECTED);
  for (const listener of listeners) listener(Math.min(loaded, whole), whole);
}

/** Hears the bytes read until the returned function is called; the count starts from zero when nobody listened. */
export function listenToDownloads(listener: BytesListener): () => void {
  if (listeners.size === 0) loaded = total = 0;
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** `response`, counted when it is a model or runtime file and someone listens. */
export function meterResponse(url: URL, response: Response): Response {
  const length = Number(response.headers.get('content-length'));
  if (!listeners.size || !response.ok || !response.body || !METERED.test(url.pathname) || !(length > 0)) return response;
  total += length;
  report(true);
  // A copy is read for the count and the response itself goes on untouched: its URL stays, and
  // with it the browser's cache of compiled WebAssembly for that URL.
  void count(response.clone().body!);
  return response;
}

async function count(body: ReadableStream<Uint8Array>): Promise<void> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      loaded += value.byteLength;
      report(false);
    }
  } catch {
    // The load itself fails and says why; the count just stops.
  } finally {
    report(true);
  }
}

/**
 * Why the face models could not be loaded, as a code the UI words in its own language
 * (src/app/describe-error.ts); the English `message` is for developers (logs, tests).
 */

export type ModelErrorCode =
  /** A model, wasm or code file could not be downloaded (offline, HTTP error). */
  | 'download'
  /** No TensorFlow.js backend (WebGPU, WebGL, WebAssembly) could start in this browser. */
  | 'no-backend'
  /** MediaPipe's face detector could not start (on the GPU nor the CPU). */
  | 'detector'
  /** Any other failure while loading or starting the models. */
  | 'load'
  /** The vision worker died (src/app/vision.ts): what waited on it failed; a new worker starts. */
  | 'worker-crashed'
  /** The vision worker died too often: the models now run on the main thread. */
  | 'worker-unstable';

export class ModelError extends Error {
  override name = 'ModelError';
  constructor(
    readonly code: ModelErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What loading the models threw, as a ModelError ('download' for failed requests, else 'load'). */
export function toModelError(err: unknown): ModelError {
  if (err instanceof ModelError) return err;
  const message = err instanceof Error ? err.message : String(err);
  // fetch() and import() reject with a TypeError when offline; TFJS's model loader names the HTTP status.
  const download = (err instanceof TypeError && /fetch|network|import/i.test(message)) || /status code \d{3}|HTTP \d{3}/.test(message);
  return new ModelError(download ? 'download' : 'load', `The face models could not be loaded: ${message}`, { cause: err });
}

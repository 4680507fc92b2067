/**
 * Nothing leaves the app's origin, wherever MediaPipe runs. MediaPipe's tasks post usage
 * statistics to odml.pa.googleapis.com (tasks-vision 1.1.0: every task queues a record when it
 * starts, a timer flushes the queue with fetch() a minute later and again when the task closes;
 * no option turns it off). The page's Content-Security-Policy would block the post, but only after
 * the request was attempted (a violation on the console), and the policy does not cover a worker
 * loaded from a URL unless its host sends the header. So the realm MediaPipe runs in (the vision
 * worker, or the page when the service runs on the main thread) refuses, itself, every fetch to
 * another origin before any request is made, as connect-src 'self' would: MediaPipe's logger
 * takes the refusal as a failed post and stops its timer for good.
 * The same wrapper counts the bytes of model files read while they load (download-meter.ts).
 */
import { meterResponse } from './download-meter';

type Scope = { fetch: typeof fetch; location: { origin: string; href: string } };

const GUARD = Symbol.for('visage.sameOriginFetch');

export function allowSameOriginFetchOnly(scope: Scope): void {
  if ((scope.fetch as { [GUARD]?: true })[GUARD]) return;
  const fetchAnywhere = scope.fetch.bind(scope);
  const guarded = (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input), scope.location.href);
    if (url.origin !== scope.location.origin) return Promise.reject(new TypeError(`Blocked: ${url.origin} is not the app's origin`));
    return fetchAnywhere(input, init).then((response) => meterResponse(url, response));
  };
  scope.fetch = Object.assign(guarded, { [GUARD]: true as const });
}

/** The guard for the realm this code runs in (window or worker); once per realm. */
export function guardThisRealm(): void {
  allowSameOriginFetchOnly(globalThis as unknown as Scope);
}

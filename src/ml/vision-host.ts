/**
 * Hosting the vision service in a worker (the app's vision.worker.ts, the test pages' own): the
 * worker sends nothing beyond the app's origin (same-origin-fetch.ts), and an error thrown by the
 * service crosses to the page with its `code` (ModelError, …), which Comlink alone would drop, so
 * that the page words it as it would the same error on the main thread.
 */
import { expose, transferHandlers, type Endpoint, type TransferHandler } from 'comlink';
import { allowSameOriginFetchOnly } from './same-origin-fetch';
import type { VisionApi } from './vision-api';

type Thrown = { value: unknown };
type Wire = { isError?: boolean; value?: Record<string, unknown> };

/**
 * `scope`: the worker's global scope. The worker holds a Web Lock for its whole life and names it
 * to the page first ({ visageAlive }): the page's request for it is granted when the worker dies
 * (closed, crashed, terminated), which no event tells a page (src/app/vision.ts).
 */
export function hostVision(service: VisionApi, scope: Endpoint & Parameters<typeof allowSameOriginFetchOnly>[0]): void {
  allowSameOriginFetchOnly(scope);
  const alive = `visage-vision-alive-${crypto.randomUUID()}`;
  void navigator.locks?.request(alive, () => {
    scope.postMessage({ visageAlive: alive });
    return new Promise<never>(() => undefined);
  });
  const base = transferHandlers.get('throw') as TransferHandler<Thrown, Wire>;
  transferHandlers.set('throw', {
    canHandle: base.canHandle,
    serialize(thrown: Thrown) {
      const [wire, transfer] = base.serialize(thrown);
      const error = thrown.value;
      if (wire.isError && wire.value && error instanceof Error && 'code' in error && typeof error.code === 'string') wire.value['code'] = error.code;
      return [wire, transfer];
    },
    deserialize: base.deserialize,
  } satisfies TransferHandler<Thrown, Wire>);
  expose(service, scope);
}

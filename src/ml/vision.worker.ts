/**
 * The vision worker: hosts the vision service (vision-service.ts) off the main thread, over
 * Comlink (vision-host.ts). Started once per page, lazily, by src/app/vision.ts.
 *
 * This entry is kept small, and the service's code (TFJS's core, graph loader and wasm backend:
 * about 1 MB) is a module it imports: Chrome keeps the compiled code of the modules a worker
 * imports (read back at the next opening), but compiles a module worker's own script anew each
 * time — measured here, 115–150 ms at each opening of the app (README, "The worker's code
 * compiled once"). Messages the page sends meanwhile are held and handed to the service once it
 * listens; a failure to read its code is thrown, which the page hears as the worker's error event.
 */
export {};
declare const self: DedicatedWorkerGlobalScope;

const held: MessageEvent[] = [];
const hold = (event: MessageEvent) => void held.push(event);
self.addEventListener('message', hold);

Promise.all([import('./vision-host'), import('./vision-service')]).then(
  ([{ hostVision }, { VisionService }]) => {
    hostVision(new VisionService(), self);
    self.removeEventListener('message', hold);
    for (const event of held.splice(0)) self.dispatchEvent(new MessageEvent('message', { data: event.data, ports: [...event.ports] }));
  },
  (error: unknown) => {
    // Out of the promise, so that it is an uncaught error: the page's 'error' event on the worker.
    setTimeout(() => {
      throw error;
    });
  },
);

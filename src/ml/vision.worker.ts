/**
 * The vision worker: hosts the vision service (vision-service.ts) off the main thread, over
 * Comlink. Started once per page, lazily, by src/app/vision.ts. Like the page, it sends nothing
 * beyond the app's origin (same-origin-fetch.ts).
 */
import { expose } from 'comlink';
import { allowSameOriginFetchOnly } from './same-origin-fetch';
import { VisionService } from './vision-service';

declare const self: DedicatedWorkerGlobalScope;

allowSameOriginFetchOnly(self);
expose(new VisionService(), self);

/**
 * The vision worker: hosts the vision service (vision-service.ts) off the main thread, over
 * Comlink (vision-host.ts). Started once per page, lazily, by src/app/vision.ts.
 */
import { hostVision } from './vision-host';
import { VisionService } from './vision-service';

declare const self: DedicatedWorkerGlobalScope;

hostVision(new VisionService(), self);

/** The lab page's vision worker: the app's vision service with the lab's additions (lab-vision.ts). */
import { hostVision } from '../../src/ml/vision-host';
import { LabVisionService } from './lab-vision';

declare const self: DedicatedWorkerGlobalScope;

hostVision(new LabVisionService(), self);

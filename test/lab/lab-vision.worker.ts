/** The lab page's vision worker: the app's vision service with the lab's additions (lab-vision.ts). */
import { expose } from 'comlink';
import { allowSameOriginFetchOnly } from '../../src/ml/same-origin-fetch';
import { LabVisionService } from './lab-vision';

declare const self: DedicatedWorkerGlobalScope;

allowSameOriginFetchOnly(self);
expose(new LabVisionService(), self);

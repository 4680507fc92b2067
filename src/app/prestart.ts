/**
 * main.ts's first import: starts the vision worker as the page opens, when its first view runs
 * the models at once (vision-worker.ts). Imports are run in order, so this runs before the views'
 * code, not after it.
 */
import { prestartVisionWorker } from './vision-worker';

prestartVisionWorker();

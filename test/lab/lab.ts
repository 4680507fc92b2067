/**
 * The lab page (test/lab/lab.html, served at /__lab/lab.html): the app's vision service, in its
 * worker, behind a small `window.visage` API with the lab's additions (lab-vision.ts), driven by
 * `npm run eval`, `npm run eval:liveness`, `npm run bench` (with `window.visageBench`,
 * lab-bench.ts) and by the browser tests. The app's views mounted on this page use the same
 * service. Test code: built only for the tests (vite.test.config.ts, into dist-test/), never part
 * of the app's build.
 */
import type { PipelineOptions, PipelineUrls } from '../../src/ml/pipeline';
import type { LivenessRunOptions } from './lab-liveness';
import { pipelineUrls } from '../../src/app/config';
import { getVision, useVisionHost } from '../../src/app/vision';
import { upgradeTemplates, type UpgradeProgress } from '../../src/app/model-upgrade';
import { loadGallerySnapshot } from '../../src/app/services';
import type { EmbedOptions, LabImageResult, LabSceneOptions, LabVisionService } from './lab-vision';
import './lab-db';
import './lab-bench';
import './lab-sync';
// The views, so the browser tests can mount them on this page with a seeded database.
import '../../src/app/ui/design-system';
import '../../src/features/enroll/enroll-view';
import '../../src/features/live/live-view';
import '../../src/features/log/log-view';
import '../../src/features/people/people-view';

export type { EmbedOptions, LabFace, LabImageResult } from './lab-vision';

useVisionHost({
  worker: () => new Worker(new URL('./lab-vision.worker.ts', import.meta.url), { type: 'module', name: 'visage-vision-lab' }),
  local: async () => new (await import('./lab-vision')).LabVisionService(),
});

/** The lab's service, started by init(). */
let lab: LabVisionService | null = null;

const api = {
  /** Starts the vision service; `urls` and the pipeline's options may differ from the app's (tests, eval). */
  async init(options: Omit<PipelineOptions, 'urls' | 'mode'> & { urls?: Partial<PipelineUrls> } = {}) {
    const vision = await getVision();
    lab = vision.api as unknown as LabVisionService;
    const { urls, ...rest } = options;
    if (!urls && Object.keys(rest).length === 0) return vision.info;
    return lab.load({ ...rest, urls: { ...pipelineUrls(), ...urls } });
  },
  detect: (url: string) => need().detect(url),
  embed: (urls: string[], options: EmbedOptions = {}): Promise<LabImageResult[]> => need().embed(urls, options),
  liveness: (urls: string[], options: LivenessRunOptions) => need().liveness(urls, options),
  poses: (urls: string[]) => need().poses(urls),
  scene: (url: string, frames: number, options?: LabSceneOptions) => need().scene(url, frames, options),
  detectIn: (url: string, regions: Array<{ x: number; y: number; width: number; height: number }>) => need().detectIn(url, regions),
  times: () => need().times(),
  /** The app's upgrade of earlier models' templates, `batch` at a time, cancelled once `cancelAfter` are done; with the progress it reported. */
  async upgradeTemplates(batch: number, cancelAfter = Infinity) {
    const abort = new AbortController();
    const progress: UpgradeProgress[] = [];
    const onProgress = (p: UpgradeProgress) => {
      progress.push(p);
      if (p.done >= cancelAfter) abort.abort();
    };
    return { ...(await upgradeTemplates({ batch, signal: abort.signal, onProgress })), progress };
  },
  /** The gallery the app's live recognizer loads: its rows, and the length of each row's embedding. */
  async gallerySnapshot() {
    const { embeddings, personIds } = await loadGallerySnapshot();
    return { rows: personIds.length, valuesPerRow: embeddings.length / Math.max(1, personIds.length) };
  },
};

function need(): LabVisionService {
  if (!lab) throw new Error('Call visage.init() first');
  return lab;
}

declare global {
  interface Window {
    visage: typeof api;
  }
}
window.visage = api;
document.body.dataset['ready'] = 'true';

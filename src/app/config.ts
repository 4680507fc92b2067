/** Where the app's generated files are served from (public/, prepared by `npm run models`). */
import { DEFAULT_MODEL_SPEC } from '../ml/model-spec';
import type { PipelineUrls } from '../ml/pipeline';

export function pipelineUrls(base: string = document.baseURI): PipelineUrls {
  const at = (path: string) => new URL(path, base).href;
  return {
    detectorModel: at('models/face_detection_short_range.tflite'),
    fullRangeModel: at('models/blazeface-full/model.json'),
    mediapipeWasm: at('wasm/mediapipe'),
    meshModel: at('models/facemesh/facemesh.json'),
    embedderModel: at(`models/${DEFAULT_MODEL_SPEC.file}`),
    tfjsWasm: at('wasm/tfjs/'),
  };
}

/**
 * Whether live recognition should try the worker: true, or why not. The page address can ask for
 * the main thread (`?recognition=main`), to compare the two or to work around a browser's worker.
 */
export function recognitionWorkerWanted(url: string = location.href): true | string {
  return new URL(url).searchParams.get('recognition') === 'main' ? 'asked for by the page address (?recognition=main)' : true;
}

/**
 * Test-only: `?liveness-seed=N` draws the liveness challenges from a seeded generator, so that a
 * browser test knows the moves it will be asked. Honoured only in a browser under automation
 * (`navigator.webdriver`, as Playwright drives it); anywhere else the moves come from
 * crypto.getRandomValues, as a predictable challenge would let a prepared video answer it.
 */
export function livenessSeed(url: string = location.href, automated: boolean = navigator.webdriver): number | null {
  const raw = new URL(url).searchParams.get('liveness-seed');
  if (!automated || raw === null || !/^\d{1,9}$/.test(raw)) return null;
  return Number(raw);
}

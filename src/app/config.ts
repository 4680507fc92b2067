/** Where the app's generated files are served from (public/, prepared by `npm run models`). */
import type { PipelineUrls } from '../ml/pipeline';

export function pipelineUrls(base: string = document.baseURI): PipelineUrls {
  const at = (path: string) => new URL(path, base).href;
  return {
    detectorModel: at('models/face_detection_short_range.tflite'),
    mediapipeWasm: at('wasm/mediapipe'),
    meshModel: at('models/facemesh/facemesh.json'),
    embedderModel: at('models/mobilefacenet/model.json'),
    tfjsWasm: at('wasm/tfjs/'),
  };
}

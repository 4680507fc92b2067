/**
 * The fallback: the live engine on the main thread, for browsers where the recognition worker
 * cannot start or cannot get a GPU context. The video element is read directly (no copy); the
 * models are the app's shared VIDEO pipeline (services.ts), also used by camera enrolment.
 */
import type { LiveSettings } from '../../ml/live-engine';
import { getPipeline } from '../services';
import type { HostCallbacks, RecognitionHost } from './recognition-host';

export async function startOnMainThread(settings: LiveSettings, { onEvent, onProgress }: HostCallbacks): Promise<RecognitionHost> {
  const [{ LiveEngine }, pipeline] = await Promise.all([import('../../ml/live-engine'), getPipeline('VIDEO', onProgress)]);
  const engine = new LiveEngine(pipeline, settings, onEvent);
  let busy = false;
  return {
    where: 'main',
    offer(video, frameAt) {
      if (busy) return false;
      busy = true;
      void engine.frame(video, frameAt).finally(() => (busy = false));
      return true;
    },
    setGallery: (gallery) => engine.setGallery(gallery),
    setSettings: (s) => engine.setSettings(s),
    stop: () => engine.stop(),
  };
}

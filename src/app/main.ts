/**
 * The app's entry (a minimal page for now): choose a photo, see the faces found in it.
 * Wiring only: the components draw, src/ml detects.
 */
import '../components/face-overlay/face-overlay';
import '../components/photo-picker/photo-picker';
import { Detector } from '../ml/detector';
import { pipelineUrls } from './config';

const status = document.querySelector<HTMLElement>('#status')!;
const overlay = document.querySelector('visage-face-overlay')!;
const picker = document.querySelector('visage-photo-picker')!;

function say(text: string, kind: 'info' | 'error' = 'info'): void {
  status.textContent = text;
  status.dataset['kind'] = kind;
}

let detector: Promise<Detector> | null = null;
function getDetector(): Promise<Detector> {
  const urls = pipelineUrls();
  detector ??= Detector.create({ modelUrl: urls.detectorModel, wasmBase: urls.mediapipeWasm });
  return detector;
}

picker.addEventListener('visage-photo-selected', async (e) => {
  const { file } = e.detail;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    say(`“${file.name}” is not an image this browser can read.`, 'error');
    return;
  }
  picker.disabled = true;
  say('Looking for faces…');
  try {
    const faces = (await getDetector()).detectTiled(bitmap);
    URL.revokeObjectURL(overlay.src);
    overlay.src = URL.createObjectURL(file);
    overlay.naturalWidth = bitmap.width;
    overlay.naturalHeight = bitmap.height;
    overlay.faces = faces.map((f) => ({ box: f.box, label: `${Math.round(f.score * 100)}%` }));
    say(faces.length === 0 ? 'No face found in this photo.' : faces.length === 1 ? '1 face found.' : `${faces.length} faces found.`);
  } catch (err) {
    detector = null;
    say(`The face detector could not run: ${err instanceof Error ? err.message : String(err)}`, 'error');
  } finally {
    bitmap.close();
    picker.disabled = false;
  }
});

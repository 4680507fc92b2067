/**
 * The app's entry: registers the elements and mounts the shell. Wiring only: components draw,
 * src/app services run the pipeline and the database.
 */
import '../components/app-shell/app-shell';
import '../components/enroll-view/enroll-view';
import '../components/kiosk-panel/kiosk-panel';
import '../components/kiosk-view/kiosk-view';
import '../components/live-view/live-view';
import '../components/log-view/log-view';
import '../components/people-view/people-view';
import '../components/settings-view/settings-view';
import '../components/update-banner/update-banner';
import { startServiceWorker } from './pwa';
import { loadSettings } from './services';

// Settings are read once up front so the first view starts with the saved ones.
void loadSettings().catch(() => undefined);

startServiceWorker().catch((err: unknown) => console.warn('The service worker could not be registered; the app will not work offline.', err));

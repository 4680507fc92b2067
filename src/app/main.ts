/**
 * The app's entry: registers the elements and mounts the shell. Wiring only: components draw,
 * src/app services run the pipeline and the database.
 */
// First, before the views' code runs: the vision worker, when the page opens on a view that needs it.
import './prestart';
import './theme';
import './ui/design-system';
import './app-shell';
import '../features/enroll/enroll-view';
import '../features/kiosk/kiosk-panel';
import '../features/kiosk/kiosk-view';
import '../features/live/live-view';
import '../features/log/log-view';
import '../features/people/people-view';
import '../features/settings/settings-view';
import '../features/pwa/update-banner';
import { startServiceWorker } from '../features/pwa/pwa';
import { startSync } from '../features/sync/sync-controller';
import { loadSettings, startLogRetention } from './services';

// Settings are read once up front so the first view starts with the saved ones.
void loadSettings().catch(() => undefined);

// The log keeps entries only as long as the retention settings say (pruned now, then daily).
const stopRetention = startLogRetention();
import.meta.hot?.dispose(stopRetention);

startServiceWorker().catch((err: unknown) => console.warn('The service worker could not be registered; the app will not work offline.', err));

// Sync with the site's server, if this device was connected to one (off by default).
void startSync();

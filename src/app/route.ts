/**
 * The app's routes, read from the URL's hash. Its own module, free of imports, so that the page's
 * first script can read the route before the views' code has run (vision-worker.ts).
 */
export const VIEWS = ['live', 'enroll', 'people', 'log', 'settings'] as const;
export type ViewName = (typeof VIEWS)[number];

/** The route (#kiosk) that starts kiosk mode, for a tablet's start page or a shortcut. */
export const KIOSK_ROUTE = 'kiosk';

/** A view, or #kiosk: the page that starts kiosk mode (not a tab). */
export type Route = ViewName | typeof KIOSK_ROUTE;

/** Which route the URL's hash names (#live, #enroll, …, #kiosk); Live by default. */
export function viewFromHash(hash: string): Route {
  const name = hash.replace(/^#/, '').split('?')[0] ?? '';
  return name === KIOSK_ROUTE || (VIEWS as readonly string[]).includes(name) ? (name as Route) : 'live';
}

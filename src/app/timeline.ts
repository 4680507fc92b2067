/**
 * Marks on the page's performance timeline (`performance.mark('visage:…')`), read by
 * `npm run bench` to tell where the time to the first name goes: the live view's start, its
 * camera, each model-loading step, recognition running, the gallery sent, the first name shown.
 * Each mark is made once per page (the first time), so later restarts do not move it.
 */
const made = new Set<string>();

export function mark(name: string): void {
  if (made.has(name)) return;
  made.add(name);
  performance.mark(`visage:${name}`);
}

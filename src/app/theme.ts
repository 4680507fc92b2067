/**
 * The colour theme: the system's (prefers-color-scheme), light or dark, chosen in Settings and
 * remembered on this device (localStorage, like the language, so the first paint has it). It sets
 * `data-theme` on the root element; app.css gives `color-scheme` from it, and every colour of the
 * app is a token of app.css written with light-dark(), so the elements follow without code.
 */
import { atom, type ReadableAtom } from 'nanostores';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

const STORAGE_KEY = 'visage.theme';

function saved(): Theme {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return (THEMES as readonly string[]).includes(value ?? '') ? (value as Theme) : 'system';
  } catch {
    return 'system';
  }
}

const themeStore = atom<Theme>(saved());
/** The chosen theme (setTheme changes it). */
export const $theme: ReadableAtom<Theme> = themeStore;

function apply(theme: Theme): void {
  document.documentElement.dataset['theme'] = theme;
}
apply(themeStore.get());

export function setTheme(theme: Theme): void {
  if (theme === themeStore.get()) return;
  try {
    localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // Not remembered; still switched.
  }
  apply(theme);
  themeStore.set(theme);
}

/**
 * The design system: Web Awesome 3's free components (README, "Design system"). The one module
 * that loads them: each component the app uses is imported by itself (no whole-library bundle),
 * with the default theme (not themes/awesome.css, which loads fonts from a CDN), the Chinese
 * translation of the components' own words, the self-hosted icons (./icons.ts) and the dark
 * class that follows the app's theme (../theme.ts). Loaded once, first, by main.ts.
 */
import '@awesome.me/webawesome/dist/styles/themes/default.css';
import '@awesome.me/webawesome/dist/components/badge/badge.js';
import '@awesome.me/webawesome/dist/components/button/button.js';
import '@awesome.me/webawesome/dist/components/callout/callout.js';
import '@awesome.me/webawesome/dist/components/card/card.js';
import '@awesome.me/webawesome/dist/components/checkbox/checkbox.js';
import '@awesome.me/webawesome/dist/components/dialog/dialog.js';
import '@awesome.me/webawesome/dist/components/icon/icon.js';
import '@awesome.me/webawesome/dist/components/input/input.js';
import '@awesome.me/webawesome/dist/components/option/option.js';
import '@awesome.me/webawesome/dist/components/progress-bar/progress-bar.js';
import '@awesome.me/webawesome/dist/components/radio/radio.js';
import '@awesome.me/webawesome/dist/components/radio-group/radio-group.js';
import '@awesome.me/webawesome/dist/components/select/select.js';
import '@awesome.me/webawesome/dist/components/spinner/spinner.js';
import '@awesome.me/webawesome/dist/components/switch/switch.js';
import '@awesome.me/webawesome/dist/components/tag/tag.js';
import '@awesome.me/webawesome/dist/components/textarea/textarea.js';
import { registerIconLibrary } from '@awesome.me/webawesome/dist/components/icon/library.js';
import zhCn from '@awesome.me/webawesome/dist/translations/zh-cn.js';
import { registerTranslation } from '@awesome.me/webawesome/dist/utilities/localize.js';
import { $theme, type Theme } from '../theme';
import { APP_ICONS, SYSTEM_ICONS, SYSTEM_REGULAR_ICONS } from './icons';

// The page's lang is "zh-Hans" (i18n.ts), which the components look up as "zh": the same words.
registerTranslation({ ...zhCn, $code: 'zh' });

/** Icons draw in the text's colour. */
function currentColor(svg: SVGElement): void {
  svg.setAttribute('fill', 'currentColor');
  svg.querySelectorAll('[fill]').forEach((path) => path.setAttribute('fill', 'currentColor'));
}

// Both libraries resolve to the app's own files: an unknown name gives '' (nothing drawn), never
// a CDN address (the default library's) nor a data: URL (the system library's, blocked by the CSP).
registerIconLibrary('default', { resolver: (name) => APP_ICONS[name] ?? '', mutator: currentColor });
registerIconLibrary('system', {
  resolver: (name, _family, variant) =>
    (variant === 'regular' ? SYSTEM_REGULAR_ICONS[name] : undefined) ?? SYSTEM_ICONS[name] ?? SYSTEM_REGULAR_ICONS[name] ?? SYSTEM_REGULAR_ICONS['circle-question'] ?? '',
  mutator: currentColor,
});

/** The components' dark palette (class wa-dark on the root) follows the app's theme. */
const darkQuery = matchMedia('(prefers-color-scheme: dark)');
function applyDark(theme: Theme): void {
  const dark = theme === 'dark' || (theme === 'system' && darkQuery.matches);
  document.documentElement.classList.toggle('wa-dark', dark);
  document.documentElement.classList.toggle('wa-light', !dark);
}
$theme.subscribe(applyDark);
darkQuery.addEventListener('change', () => applyDark($theme.get()));

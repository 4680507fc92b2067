/**
 * The web app manifests, written into the build by vite.config.ts.
 *
 * Two installable apps from one origin: "Visage" (a window like any app: laptops, phones) and
 * "Visage Kiosk" (full screen, starting in the kiosk view), which the page offers instead when
 * it is opened at ./#kiosk (public/manifest-link.js picks the link). Their different `id`s let a
 * device install either or both.
 */
/** Also in index.html's theme-color. */
const THEME = '#1565c0';
const BACKGROUND = '#0d1b2a';

const icons = [
  { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
  { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
  { src: 'icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
];

const common = {
  description: 'Face recognition that runs entirely on this device: enrol people, then name every face the camera sees. Works offline.',
  lang: 'en',
  dir: 'ltr',
  scope: './',
  theme_color: THEME,
  background_color: BACKGROUND,
  orientation: 'any',
  categories: ['utilities', 'security'],
  icons,
};

export const WEB_MANIFESTS = {
  'manifest.webmanifest': {
    ...common,
    id: './',
    name: 'Visage — face recognition',
    short_name: 'Visage',
    start_url: './',
    display: 'standalone',
    shortcuts: [
      { name: 'Enroll a person', short_name: 'Enroll', url: './#enroll', icons: [icons[0]] },
      { name: 'Recognition log', short_name: 'Log', url: './#log', icons: [icons[0]] },
      { name: 'Kiosk', url: './#kiosk', icons: [icons[0]] },
    ],
  },
  'kiosk.webmanifest': {
    ...common,
    id: './kiosk',
    name: 'Visage Kiosk',
    short_name: 'Kiosk',
    start_url: './#kiosk',
    display: 'fullscreen',
    display_override: ['fullscreen', 'standalone'],
  },
} as const;

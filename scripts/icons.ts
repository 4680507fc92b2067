/**
 * Draws the app icons (PNG, for the web app manifest) from public/icons/icon.svg with headless
 * Chromium: 192 and 512 px with rounded corners, and a 512 px maskable one whose background
 * fills the square (the launcher cuts its own shape; the drawing already sits inside the
 * maskable safe zone, a circle of 80% of the width). Run after changing the SVG:
 *   npx tsx scripts/icons.ts
 * The PNGs are committed (they change only with the drawing).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { launchOptions } from './lib/chromium';

const DIR = resolve(import.meta.dirname, '../public/icons');
const svg = readFileSync(resolve(DIR, 'icon.svg'), 'utf8');
const maskable = svg.replace(/<rect ([^>]*)rx="\d+"/, '<rect $1');
if (maskable === svg) throw new Error('icon.svg: no rounded background <rect rx=…> to square off for the maskable icon');

const browser = await chromium.launch(launchOptions);
try {
  const page = await browser.newPage();
  for (const [file, size, source] of [
    ['icon-192.png', 192, svg],
    ['icon-512.png', 512, svg],
    ['icon-maskable-512.png', 512, maskable],
  ] as const) {
    await page.setViewportSize({ width: size, height: size });
    const body = source.replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block}</style>${body}`);
    writeFileSync(resolve(DIR, file), await page.screenshot({ omitBackground: true }));
    console.log(`${file}: ${size}×${size}`);
  }
} finally {
  await browser.close();
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findTestCode } from './test-pages';

let dir = '';
function folder(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), 'visage-test-pages-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const APP = {
  'index.html': '<!doctype html><title>Visage</title><script type="module" src="./assets/main-abc.js"></script>',
  'assets/main-abc.js': 'customElements.define("visage-app", class {}); const label = "Label";',
  'sw.js': 'registerRoute(new NavigationRoute(h, { denylist: [/\\/__/] }));',
  'models/arcface-mobilefacenet/weights.bin': 'visageDb', // binary files are not read
};

describe('findTestCode (the check that dist/ holds no test page)', () => {
  it('finds nothing in an app-only build', () => {
    expect(findTestCode(folder(APP))).toEqual([]);
  });

  it('finds the lab page, its chunk and its hooks', () => {
    const found = findTestCode(
      folder({
        ...APP,
        'lab.html': '<title>Visage lab</title><script type="module" src="/__lab/assets/lab-x.js"></script>',
        'assets/lab-x.js': 'window.visageDb = api;',
        'assets/main-abc.js': 'window.visageBench = api;',
      }),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        "lab.html: a test page's file",
        'lab.html: contains "Visage lab"',
        'lab.html: contains "/__lab/"',
        "assets/lab-x.js: a test page's file",
        'assets/lab-x.js: contains "visageDb"',
        'assets/main-abc.js: contains "visageBench"',
      ]),
    );
  });

  it('refuses a folder that was never built', () => {
    expect(() => findTestCode(join(tmpdir(), 'visage-no-such-build'))).toThrow(/does not exist/);
  });
});

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { WEB_MANIFESTS } from './scripts/lib/manifest.ts';
import { tfjsThreadPool } from './scripts/lib/tfjs-thread-pool.ts';

// Cross-origin isolation lets TFJS's wasm backend use threads (SharedArrayBuffer).
// Every file the app loads is same-origin, so require-corp costs nothing.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Nothing may leave the app's origin. 'wasm-unsafe-eval' lets MediaPipe and TFJS compile their
 * WebAssembly. TFJS starts its wasm threads as blob: workers that importScripts() a blob: of its
 * own code, hence blob: for workers and scripts (only the app's own code can make a blob: URL).
 * Styles come from files and Lit's constructed stylesheets; images from the app or its own
 * object URLs.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob: mediastream:",
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "manifest-src 'self'",
].join('; ');

/**
 * The policy travels as an HTTP header from `vite preview` and the dev server (below), which
 * also covers the vision worker's script; the built page carries it as a <meta> tag too, the
 * fallback for a static host that sends no header (README, Deployment).
 */
const served = { ...isolation, 'Content-Security-Policy': CONTENT_SECURITY_POLICY };

/** The built app's page gets the CSP as a <meta> tag as well (the fallback where no header is sent). */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'visage-csp',
    apply: 'build',
    transformIndexHtml(html, ctx) {
      if (!ctx.filename.endsWith('index.html')) return html;
      return html.replace('<meta charset="utf-8" />', `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`);
    },
  };
}

/** Writes the web app manifests (scripts/lib/manifest.ts) into the build and the dev server. */
function webManifests(): Plugin {
  return {
    name: 'visage-manifests',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const name = req.url?.split('?')[0]?.replace(/^\//, '') as keyof typeof WEB_MANIFESTS;
        const manifest = WEB_MANIFESTS[name];
        if (!manifest) return next();
        res.setHeader('Content-Type', 'application/manifest+json');
        res.end(JSON.stringify(manifest));
      });
    },
    generateBundle() {
      for (const [fileName, manifest] of Object.entries(WEB_MANIFESTS)) {
        this.emitFile({ type: 'asset', fileName, source: JSON.stringify(manifest, null, 2) });
      }
    },
  };
}

/**
 * tfjs-backend-wasm starts its threads from the source text of one of its functions; renaming or
 * compressing breaks that code inside its thread workers ("e is not defined", "_scriptDir is not
 * defined"), so the app and the recognition worker are minified by whitespace only.
 */
export const WHITESPACE_ONLY = { mangle: false, compress: false };

/**
 * The bytes a browser with WebAssembly SIMD reads to load the models: every file of public/models
 * (made at install), MediaPipe's module build and TFJS's threaded SIMD wasm. The loading bar's
 * total from the first moment (src/ml/download-meter.ts), before each file has said its length.
 */
function expectedModelBytes(): number {
  const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);
  const all = (dir: string): number =>
    existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? all(join(dir, e.name)) : e.name.endsWith('manifest.json') ? 0 : size(join(dir, e.name))), 0) : 0;
  const pub = resolve(import.meta.dirname, 'public');
  return all(join(pub, 'models')) + size(join(pub, 'wasm/mediapipe/vision_wasm_module_internal.wasm')) + size(join(pub, 'wasm/tfjs/tfjs-backend-wasm-threaded-simd.wasm'));
}

export default defineConfig({
  base: './',
  define: { __VISAGE_MODEL_BYTES__: JSON.stringify(expectedModelBytes()) },
  server: { headers: served },
  preview: { headers: served },
  plugins: [
    tfjsThreadPool(),
    webManifests(),
    contentSecurityPolicy(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: '.',
      filename: 'sw.ts',
      // Registered by src/features/pwa/pwa.ts (update prompt); the manifests come from webManifests().
      injectRegister: false,
      manifest: false,
      injectManifest: {
        globPatterns: ['**/*.{html,js,css,svg,png,webmanifest,json,bin,tflite,wasm}'],
        globIgnores: [
          // MediaPipe's wasm for browsers without SIMD (cached when first used) and its unused
          // classic build (the app loads the module build, in windows and workers alike:
          // src/ml/detector.ts): 25 MB the app would otherwise download for nothing.
          'wasm/mediapipe/*nosimd*',
          'wasm/mediapipe/vision_wasm_internal.*',
        ],
        // The models and MediaPipe's wasm (13 MB) are precached too.
        maximumFileSizeToCacheInBytes: 32 * 1024 * 1024,
      },
    }),
  ],
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      output: { minify: WHITESPACE_ONLY },
      // The app's one page. The test pages (test/lab/) are built apart: vite.test.config.ts.
      input: { main: resolve(import.meta.dirname, 'index.html') },
    },
  },
  // The recognition worker (src/ml/recognition.worker.ts) is a module worker, with TFJS inside.
  worker: { format: 'es', plugins: () => [tfjsThreadPool()], rolldownOptions: { output: { minify: WHITESPACE_ONLY } } },
});

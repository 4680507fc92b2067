import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// Cross-origin isolation lets TFJS's wasm backend use threads (SharedArrayBuffer).
// Every file the app loads is same-origin, so require-corp costs nothing.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  base: './',
  server: { headers: isolation },
  preview: { headers: isolation },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      // tfjs-backend-wasm starts its threads from the source text of one of its functions;
      // renaming or compressing breaks that code inside the workers ("e is not defined",
      // "_scriptDir is not defined"), so the bundle is minified by whitespace only.
      output: { minify: { mangle: false, compress: false } },
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
        lab: resolve(import.meta.dirname, 'lab.html'),
      },
    },
  },
  worker: { format: 'es' },
});

import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built from the repository root (`vite build --config web/vite.config.ts`), so the root is
// this folder, not the working directory. URL keeps this file free of Node typings.
const root = decodeURIComponent(new URL('.', import.meta.url).pathname);
// The dev server's backend; SNORQ_DEV_BACKEND points it at another port.
const backend = process.env['SNORQ_DEV_BACKEND'] ?? 'http://localhost:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: `${root}dist`,
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    // dist/.vite/manifest.json: which chunk imports which, read by test/unit/build/web-split.test.ts
    // (snorq serves no dotted folder of dist).
    manifest: true,
    // The entry is ~690 kB (React DOM alone ~210): warn when it grows past what the split left.
    chunkSizeWarningLimit: 750,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': backend,
      '/media': backend,
      '/healthz': backend,
      '/socket.io': { target: backend, ws: true },
    },
  },
});

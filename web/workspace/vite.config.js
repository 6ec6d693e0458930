// The workspace's build (npm run build:workspace at the repository's root):
// web/workspace/ → web/workspace/dist/, served by poles-gateway under
// /espace/ (gateway/workspace_pages.h). Hashed asset names, no inline
// script (the page's Content-Security-Policy allows 'self' only).
import { defineConfig } from 'vite';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);

export default defineConfig({
  root: here,
  base: '/espace/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    assetsDir: 'assets',
    modulePreload: { polyfill: false },
    target: 'es2020',
    reportCompressedSize: true,
  },
});

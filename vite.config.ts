import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The web app lives in web/ and builds to dist/web, which the server serves in production.
// The API target is configurable so a second copy can run against its own server (HOUQIN_API_URL).
const api = process.env.HOUQIN_API_URL ?? 'http://localhost:3000';
// The API lives under /api/v1 (+ /api/docs, /api/openapi.json). Not a bare '/api' prefix: in dev,
// the web's own modules under web/api/ are served as /api/*.ts and must not go to the server.
const proxy = {
  '/api/v1': { target: api },
  '/api/docs': { target: api },
  '/api/openapi.json': { target: api },
  '/healthz': { target: api },
};

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: { proxy },
  preview: { proxy },
});

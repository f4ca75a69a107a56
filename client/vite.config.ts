import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
/** Where `npm run dev:client` sends API calls: a Compass server started with `npm start`. */
const apiTarget = 'http://127.0.0.1:4000';

export default defineConfig({
  root,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    port: 5173,
    strictPort: false,
    proxy: { '/graphql': { target: apiTarget, ws: true, changeOrigin: false } },
  },
});

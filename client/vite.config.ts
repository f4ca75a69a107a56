import type { ClientRequest, IncomingMessage } from 'node:http';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
/** Where `npm run dev:client` sends API calls: a Compass server started with `npm start`. */
const apiTarget = 'http://127.0.0.1:4000';

/** Whether the request comes from a page this dev server served (its Origin names the Host it was sent to). */
function isOwnPage(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin || !req.headers.host) return false;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export default defineConfig({
  root,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    port: 5173,
    strictPort: false,
    proxy: {
      '/graphql': {
        target: apiTarget,
        ws: true,
        // The API takes its own Host and origin only (docs/operations.md, Security): a page of this dev
        // server is forwarded as the API's own; any other page's Origin goes on as sent, and is refused.
        changeOrigin: true,
        configure: (proxy) => {
          const asApi = (proxyReq: ClientRequest, req: IncomingMessage) => {
            if (isOwnPage(req)) proxyReq.setHeader('origin', apiTarget);
          };
          proxy.on('proxyReq', asApi);
          proxy.on('proxyReqWs', asApi);
        },
      },
    },
  },
});

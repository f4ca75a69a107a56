// Worker-thread entry of parse-off-thread.ts. Plain JavaScript because a worker starts without the
// TypeScript loader; tsx's API loads the TypeScript parser from here.
import { tsImport } from 'tsx/esm/api';

await tsImport('./parse-worker.ts', import.meta.url);

import { z } from 'zod';

/** vLLM's --gpu-memory-utilization default: the share of each GPU's memory vLLM may take. */
export const DEFAULT_GPU_MEMORY_UTILIZATION = 0.9;

const MESSAGE = 'gpuMemoryUtilization must be within (0, 1]';

/** The one check of a --gpu-memory-utilization a client sends (a spec, a config.json sizing). */
export const gpuMemoryUtilizationSchema = z
  .number({ error: MESSAGE })
  .positive({ error: MESSAGE })
  .max(1, { error: MESSAGE });

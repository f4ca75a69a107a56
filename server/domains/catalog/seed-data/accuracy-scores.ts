/**
 * `weighted_score` (percent) of the accuracy-table rows the catalog models map to, one value per use case
 * in USE_CASE_KEYS order. Source: the per-use-case files of the reference accuracy data
 * (opensource_<use case>.csv, Artificial Analysis benchmark suite, weights per USE_CASE_METHODOLOGY).
 */
export { USE_CASE_KEYS, type UseCaseKey } from '../../../kernel/enums.js';

export const accuracyRows = {
  "DeepSeek R1 0528 (May '25)": [54.8, 55.16, 56.7, 60.75, 59.07, 59.53, 61.46, 59.2, 68.87],
  'Gemma 2 27B': [23.46, 19.25, 20.97, 28.78, 27.01, 26.89, 26.83, 24.88, 31.28],
  'Gemma 2 9B': [18.66, 16.38, 18.22, 22.39, 21.33, 21.23, 21.81, 19.82, 26.7],
  'Gemma 3n E4B Instruct': [20.38, 10.12, 10.4, 26.02, 23.12, 23.77, 22.71, 21.66, 21.32],
  'Granite 3.3 8B (Non-reasoning)': [19.57, 7.8, 7.46, 24.84, 21.93, 22.6, 22.58, 21.36, 19.98],
  'Kimi K2': [54.93, 45.24, 46.41, 61.05, 58.05, 60.42, 63.16, 61.11, 64.01],
  'Llama 3.1 Instruct 70B': [26.88, 13.14, 11.5, 35.07, 30.4, 31.52, 30.89, 29.23, 25.39],
  'Llama 3.1 Instruct 8B': [20.99, 7.84, 7.27, 26.48, 23.14, 24.29, 23.55, 22.59, 18.82],
  'Llama 3.1 Nemotron Instruct 70B': [29.88, 13.63, 13.14, 37.32, 33.12, 34.4, 34.81, 32.89, 30.5],
  'Llama 3.2 Instruct 3B': [18.6, 6.12, 5.82, 22.2, 19.58, 21.13, 20.84, 20.41, 16.3],
  'Llama 3.3 Instruct 70B': [33.8, 17, 15.38, 42.57, 37.23, 39.32, 38.43, 37.22, 31.52],
  'Llama 4 Maverick': [37.6, 24.09, 22.72, 47.3, 42.31, 43.32, 43.26, 41.36, 40.35],
  'Llama 4 Scout': [32.92, 16.76, 15.86, 41.92, 37.1, 38.23, 37.98, 36.2, 34.46],
  'Ministral 8B': [14.29, 5.45, 4.81, 19.13, 16.61, 16.71, 16.16, 15.18, 14.27],
  'Mistral Small 3': [26.52, 13.22, 11.68, 33.81, 29.65, 30.69, 31.34, 29.39, 26.64],
  'Mistral Small 3.1': [28.7, 14.37, 12.77, 36.11, 31.75, 33.01, 33.55, 31.74, 27.76],
  'Mixtral 8x22B Instruct': [20.33, 14.69, 16.84, 24.74, 23.39, 23.17, 23.7, 21.58, 28.22],
  'Mixtral 8x7B Instruct': [14.78, 17.87, 19.16, 16.8, 16.62, 16.37, 17.63, 15.79, 23.33],
  'NVIDIA Nemotron Nano 9B V2 (Non-reasoning)': [
    40.56, 43.2, 44.39, 46.43, 44.69, 45.21, 46.45, 44.12, 52.95,
  ],
  'Phi-4': [26.5, 15.2, 14.97, 34.64, 31, 30.83, 31.36, 28.97, 31.92],
  'Qwen2.5 Coder Instruct 7B': [20.04, 13.84, 16.17, 23.91, 22.78, 22.64, 22.91, 21.26, 27.56],
  'Qwen2.5 Instruct 72B': [35.02, 19.37, 18.42, 42.66, 38.13, 40.04, 40.53, 38.77, 35.05],
  'Qwen3 8B (Non-reasoning)': [30.79, 17.18, 17.95, 37.06, 33.77, 35.16, 35.8, 34.02, 34.36],
  'Qwen3 Coder 480B A35B Instruct': [45.47, 40.82, 39.95, 52.91, 49.13, 51, 52.22, 50.3, 50.82],
  'gpt-oss-120B (high)': [68.38, 67.58, 70.05, 73.13, 71.23, 74.03, 74.33, 73.73, 79.4],
  'gpt-oss-120B (low)': [53.74, 48.9, 50.18, 60.67, 57.48, 60.01, 59.79, 58.83, 62.29],
  'gpt-oss-20B (high)': [62.14, 59.43, 62.44, 67.04, 65, 68.16, 68.09, 67.61, 73.12],
  'gpt-oss-20B (low)': [52.11, 46.17, 47.42, 58.25, 55.15, 58.08, 57.87, 57.17, 58.98],
} as const satisfies Record<string, readonly number[]>;

export type AccuracyRowName = keyof typeof accuracyRows;

/**
 * A Hugging Face `config.json` → the architecture numbers the memory arithmetic needs. Only what the file
 * says is used (nothing is downloaded). Llama-style decoders: gated MLP (gate, up, down), RMSNorm before
 * attention and MLP, optional mixture of experts in every layer. Refused with a reason: MLA attention
 * (DeepSeek `kv_lora_rank`), missing sizes, hybrid (Mamba) layers.
 */
import { z } from 'zod';

export const WEIGHT_FORMATS = ['FP32', 'BF16', 'FP16', 'FP8', 'INT8', 'INT4'] as const;
export type WeightFormat = (typeof WEIGHT_FORMATS)[number];

export const BYTES_PER_PARAM: Record<WeightFormat, number> = {
  FP32: 4,
  BF16: 2,
  FP16: 2,
  FP8: 1,
  INT8: 1,
  INT4: 0.5,
};

export interface ModelArchitecture {
  modelType: string;
  hiddenSize: number;
  layers: number;
  attentionHeads: number;
  kvHeads: number;
  headDim: number;
  intermediateSize: number;
  vocabSize: number;
  tiedEmbeddings: boolean;
  /** q/k/v projection biases (Qwen2, `attention_bias`). */
  qkvBias: boolean;
  contextLength: number;
  weightFormat: WeightFormat;
  /** KV cache element format: the model's 16-bit dtype unless given (vLLM's kv-cache-dtype auto). */
  kvFormat: WeightFormat;
  moe: {
    experts: number;
    expertsPerToken: number;
    expertIntermediateSize: number;
    sharedIntermediateSize: number;
  } | null;
  /** Where each number came from, and the defaults used, for the explanation. */
  notes: string[];
}

const positiveInt = z.number().int().positive();

const quantizationSchema = z
  .object({
    quant_method: z.string().optional(),
    bits: z.number().optional(),
    w_bit: z.number().optional(),
    config_groups: z
      .record(
        z.string(),
        z.object({ weights: z.object({ num_bits: z.number() }).partial().optional() }).partial(),
      )
      .optional(),
  })
  .passthrough();

const configSchema = z
  .object({
    model_type: z.string().optional(),
    architectures: z.array(z.string()).optional(),
    hidden_size: positiveInt,
    num_hidden_layers: positiveInt,
    num_attention_heads: positiveInt,
    num_key_value_heads: positiveInt.optional(),
    head_dim: positiveInt.optional(),
    intermediate_size: positiveInt,
    vocab_size: positiveInt,
    tie_word_embeddings: z.boolean().optional(),
    attention_bias: z.boolean().optional(),
    max_position_embeddings: positiveInt.optional(),
    torch_dtype: z.string().optional(),
    dtype: z.string().optional(),
    quantization_config: quantizationSchema.optional(),
    num_local_experts: positiveInt.optional(),
    num_experts: positiveInt.optional(),
    n_routed_experts: positiveInt.optional(),
    num_experts_per_tok: positiveInt.optional(),
    moe_intermediate_size: positiveInt.optional(),
    shared_expert_intermediate_size: z.number().int().nonnegative().optional(),
    kv_lora_rank: z.number().optional(),
    text_config: z.unknown().optional(),
  })
  .passthrough();

export class ConfigJsonError extends Error {}

const DTYPES: Record<string, WeightFormat> = {
  float32: 'FP32',
  bfloat16: 'BF16',
  float16: 'FP16',
  half: 'FP16',
};

function weightFormatOf(
  config: z.infer<typeof configSchema>,
  baseFormat: WeightFormat,
  notes: string[],
): WeightFormat {
  const q = config.quantization_config;
  if (!q) return baseFormat;
  const method = (q.quant_method ?? '').toLowerCase();
  const groupBits = Object.values(q.config_groups ?? {})
    .map((g) => g.weights?.num_bits)
    .find((b): b is number => typeof b === 'number');
  const bits = q.bits ?? q.w_bit ?? groupBits;
  const format: WeightFormat | null = method.includes('fp8')
    ? 'FP8'
    : bits === 4
      ? 'INT4'
      : bits === 8
        ? 'INT8'
        : null;
  if (!format) {
    throw new ConfigJsonError(
      `quantization_config (${method || 'no quant_method'}${bits ? `, ${bits} bits` : ''}) is not understood; give weightFormat`,
    );
  }
  notes.push(`weights ${format} from quantization_config (${method || `${bits} bits`})`);
  return format;
}

/** Parses config.json text; throws ConfigJsonError with the field at fault. */
export function parseHfConfig(
  text: string,
  overrides: { weightFormat?: WeightFormat; contextLength?: number } = {},
): ModelArchitecture {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ConfigJsonError('config.json is not valid JSON');
  }
  // Multimodal wrappers (Llama 4, Mistral 3, Gemma 3) keep the language model under text_config.
  if (typeof raw === 'object' && raw !== null && 'text_config' in raw && !('hidden_size' in raw)) {
    const outer = raw as Record<string, unknown>;
    raw = {
      ...(outer.text_config as object),
      torch_dtype: outer.torch_dtype,
      quantization_config: outer.quantization_config,
    };
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigJsonError(
      `config.json: ${issue?.path.join('.') || '(root)'} ${issue?.message ?? 'is invalid'}`,
    );
  }
  const c = parsed.data;
  const notes: string[] = [];
  if (c.kv_lora_rank !== undefined) {
    throw new ConfigJsonError('config.json: MLA attention (kv_lora_rank, DeepSeek-style) is not supported');
  }
  const kvHeads = c.num_key_value_heads ?? c.num_attention_heads;
  if (c.num_key_value_heads === undefined)
    notes.push('num_key_value_heads absent: multi-head attention (KV heads = attention heads)');
  if (c.num_attention_heads % kvHeads !== 0) {
    throw new ConfigJsonError('config.json: num_attention_heads must be a multiple of num_key_value_heads');
  }
  const headDim = c.head_dim ?? c.hidden_size / c.num_attention_heads;
  if (!Number.isInteger(headDim))
    throw new ConfigJsonError(
      'config.json: hidden_size / num_attention_heads is not an integer; give head_dim',
    );
  const dtypeName = (c.torch_dtype ?? c.dtype ?? 'bfloat16').toLowerCase();
  const baseFormat = DTYPES[dtypeName];
  if (!baseFormat) throw new ConfigJsonError(`config.json: torch_dtype "${dtypeName}" is not supported`);
  if (!c.torch_dtype && !c.dtype) notes.push('torch_dtype absent: bfloat16 assumed');
  const weightFormat = overrides.weightFormat ?? weightFormatOf(c, baseFormat, notes);
  const experts = c.num_local_experts ?? c.num_experts ?? c.n_routed_experts;
  const moe =
    experts !== undefined && experts > 1
      ? {
          experts,
          expertsPerToken: c.num_experts_per_tok ?? 2,
          expertIntermediateSize: c.moe_intermediate_size ?? c.intermediate_size,
          sharedIntermediateSize: c.shared_expert_intermediate_size ?? 0,
        }
      : null;
  if (moe && c.num_experts_per_tok === undefined) notes.push('num_experts_per_tok absent: 2 assumed');
  if (c.tie_word_embeddings === undefined)
    notes.push('tie_word_embeddings absent: untied (separate LM head) assumed');
  const contextLength = overrides.contextLength ?? c.max_position_embeddings;
  if (contextLength === undefined)
    throw new ConfigJsonError('config.json: max_position_embeddings is missing; give contextLength');
  return {
    modelType: c.model_type ?? 'unknown',
    hiddenSize: c.hidden_size,
    layers: c.num_hidden_layers,
    attentionHeads: c.num_attention_heads,
    kvHeads,
    headDim,
    intermediateSize: c.intermediate_size,
    vocabSize: c.vocab_size,
    tiedEmbeddings: c.tie_word_embeddings ?? false,
    qkvBias: c.attention_bias ?? c.model_type === 'qwen2',
    contextLength,
    weightFormat,
    kvFormat: baseFormat === 'FP32' ? 'FP32' : baseFormat,
    moe,
    notes,
  };
}

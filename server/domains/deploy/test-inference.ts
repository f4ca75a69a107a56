export interface InferenceResult {
  text: string;
  ttftMs: number | null;
  totalMs: number;
  outputTokens: number;
  endpoint: string;
}

/**
 * One streamed chat completion against an OpenAI-compatible endpoint (vLLM or the simulator): the
 * text, time to first token and total latency as this server saw them.
 */
export async function sendTestPrompt(
  baseUrl: string,
  model: string | null,
  prompt: string,
  maxTokens: number,
): Promise<InferenceResult> {
  const endpoint = `${baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1/chat/completions`;
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        ...(model ? { model } : {}),
        messages: [{ role: 'user', content: prompt }],
        max_tokens: maxTokens,
        stream: true,
        stream_options: { include_usage: true },
      }),
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    const { DomainError } = await import('../../kernel/errors.js');
    throw new DomainError('UPSTREAM_ERROR', `cannot reach ${endpoint}: ${(error as Error).message}`);
  }
  if (!response.ok || !response.body) {
    const { DomainError } = await import('../../kernel/errors.js');
    throw new DomainError(
      'UPSTREAM_ERROR',
      `${endpoint} answered HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`,
    );
  }
  let text = '';
  let ttftMs: number | null = null;
  let outputTokens = 0;
  let buffer = '';
  const decoder = new TextDecoder();
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true });
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (!line.startsWith('data:')) continue;
      const data = line.slice(5).trim();
      if (data === '[DONE]') continue;
      const event = JSON.parse(data) as {
        choices?: { delta?: { content?: string } }[];
        usage?: { completion_tokens?: number };
      };
      const piece = event.choices?.[0]?.delta?.content ?? '';
      if (piece && ttftMs === null) ttftMs = performance.now() - started;
      text += piece;
      if (event.usage?.completion_tokens !== undefined) outputTokens = event.usage.completion_tokens;
    }
  }
  return { text, ttftMs, totalMs: performance.now() - started, outputTokens, endpoint };
}

/**
 * The project's token approximation, shared by the simulator and the benchmark runner so that both
 * count the same way: one whitespace-separated word is one token.
 *
 * Why this is close enough: real tokenizers (Llama 3's 128k BPE vocabulary, Qwen's, Mistral's) map a
 * common short English word, with its leading space, to a single token. Synthetic prompts made by
 * `syntheticText` use only such words, so "N words" is "about N tokens" for a real vLLM too (a chat
 * template adds a few tokens around each message; the simulator adds none, so the runner's count and
 * the simulator's `usage` agree exactly). Arbitrary text (numbers, code, rare words) has more tokens
 * than words; the approximation undercounts it.
 */
import { createRng } from './rng.js';

/** Common English words that are a single token (with a leading space) in Llama 3, Qwen 2 and GPT-4 vocabularies. */
const WORDS: readonly string[] = (
  'the of and to in is that for it as was with be by on not he this are or his from at which but ' +
  'have an had they you were their one all we can her has there been if more when will would who so ' +
  'no she other its may these them than some him time into only do out first any my now such like ' +
  'our over man me even most made after also did many before must through back years where much ' +
  'your way well down should because each just those people how too little state good very make ' +
  'world still own see men work long get here between both life being under never day same another ' +
  'know while last might us great old year off come since against go came right used take three ' +
  'small house place number water city point home light open group plan model data system service ' +
  'team value power level order line part case week company question answer result change'
).split(' ');

/** Whitespace as `\s` matches it in a regular expression (what `\S` excludes). */
function isSpace(code: number): boolean {
  return code <= 32
    ? code === 32 || (code >= 9 && code <= 13)
    : code >= 0xa0 &&
        (code === 0xa0 ||
          code === 0x1680 ||
          (code >= 0x2000 && code <= 0x200a) ||
          code === 0x2028 ||
          code === 0x2029 ||
          code === 0x202f ||
          code === 0x205f ||
          code === 0x3000 ||
          code === 0xfeff);
}

/**
 * Tokens in `text` under the project's approximation: the number of whitespace-separated words (runs
 * of `\S`). Counted in place, without building the words: the runner counts every streamed chunk.
 */
export function countTokens(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isSpace(text.charCodeAt(i));
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/** The words of `syntheticText(tokens, seed)`, for streaming a completion one token at a time. */
export function syntheticWords(tokens: number, seed: number): string[] {
  if (!Number.isInteger(tokens) || tokens < 0)
    throw new RangeError(`tokens must be a whole number >= 0, got ${tokens}`);
  const rng = createRng(seed);
  const words = new Array<string>(tokens);
  for (let i = 0; i < tokens; i++) words[i] = WORDS[rng.int(WORDS.length)] ?? 'the';
  return words;
}

/** Exactly `tokens` common single-token English words separated by single spaces; the same for the same seed. */
export function syntheticText(tokens: number, seed: number): string {
  return syntheticWords(tokens, seed).join(' ');
}

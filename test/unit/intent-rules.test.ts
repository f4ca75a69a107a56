import { describe, expect, it } from 'vitest';
import { extractWithRules } from '../../server/domains/intent/core/rules.js';
import type { ExtractedIntent } from '../../server/domains/intent/types.js';
import { TEST_CONTEXT } from './intent-fixtures.js';

type Expected = Partial<Omit<ExtractedIntent, 'notes'>> & { useCaseKey: string; notesInclude?: string[] };

interface Row {
  text: string;
  expect: Expected;
}

/**
 * The sentence table is the specification of the rule-based extractor. Fields a row does not list
 * must come out at their "not stated" value (null, [], false, {}, BALANCED, useCaseMatched true), so a
 * spurious value fails too. `notesInclude` lists substrings some note must contain.
 */
const TABLE: Row[] = [
  {
    text: 'We need a customer-support chatbot for 5,000 users, latency is critical, budget $20k/month',
    expect: {
      useCaseKey: 'chatbot_conversational',
      users: 5000,
      priority: 'LATENCY',
      maxMonthlyCostUsd: 20000,
      domains: ['customer-support'],
    },
  },
  {
    text: 'Build a code completion service for 200 developers in VS Code, only A100s, no more than 8 GPUs',
    expect: {
      useCaseKey: 'code_completion',
      users: 200,
      gpuTypes: ['A100-40', 'A100-80'],
      maxGpus: 8,
      domains: ['code'],
      notesInclude: ['covers A100-40 and A100-80'],
    },
  },
  {
    text: 'Copilot-style autocomplete for our IDE plugin, must feel instant, 300 rpm',
    expect: { useCaseKey: 'code_completion', requestsPerSecond: 5, priority: 'LATENCY', domains: ['code'] },
  },
  {
    text: 'We want to generate code across multiple files: a multi-file coding agent for 50 engineers, best quality',
    expect: { useCaseKey: 'code_generation_detailed', users: 50, priority: 'ACCURACY', domains: ['code'] },
  },
  {
    text: 'Translate product manuals from English to German and Japanese, 1M requests per day, cost-effective',
    expect: {
      useCaseKey: 'translation',
      requestsPerSecond: 1e6 / 86_400,
      priority: 'COST',
      domains: ['multilingual'],
    },
  },
  {
    text: 'Localize our app into 12 languages; budget-conscious, 50 req/s',
    expect: { useCaseKey: 'translation', requestsPerSecond: 50, priority: 'COST', domains: ['multilingual'] },
  },
  {
    text: 'Paraphrase user reviews for a retail site, 2k QPS',
    expect: { useCaseKey: 'translation', requestsPerSecond: 2000, domains: ['ecommerce'] },
  },
  {
    text: 'Marketing copy and blog posts for our content team, highest quality matters, $5k/month',
    expect: { useCaseKey: 'content_generation', priority: 'ACCURACY', maxMonthlyCostUsd: 5000 },
  },
  {
    text: 'Creative writing assistant for 1.5k writers, cheap',
    expect: { useCaseKey: 'content_generation', users: 1500, priority: 'COST' },
  },
  {
    text: 'Summarize support emails for our helpdesk team - 3,000 requests per minute',
    expect: { useCaseKey: 'summarization_short', requestsPerSecond: 50, domains: ['customer-support'] },
  },
  {
    text: 'Short summaries of news articles, 20 req/s, p95 latency below 3 s',
    expect: { useCaseKey: 'summarization_short', requestsPerSecond: 20, sloOverrides: { e2eP95Ms: 3000 } },
  },
  {
    text: 'RAG over our internal knowledge base for 10k employees, approved models only',
    expect: { useCaseKey: 'document_analysis_rag', users: 10_000, approvedOnly: true },
  },
  {
    text: 'Document Q&A over PDFs for a law firm, 100 concurrent users, TTFT under 500 ms',
    expect: {
      useCaseKey: 'document_analysis_rag',
      users: 100,
      sloOverrides: { ttftP95Ms: 500 },
      domains: ['legal'],
    },
  },
  {
    text: "Summarize 200-page annual reports for analysts, latency doesn't matter, cheapest option",
    expect: { useCaseKey: 'long_document_summarization', priority: 'COST' },
  },
  {
    text: 'Long document summarization of research papers on H200 or B200, no more than 16 GPUs',
    expect: { useCaseKey: 'long_document_summarization', gpuTypes: ['H200', 'B200'], maxGpus: 16 },
  },
  {
    text: 'Legal contract review across thousands of contracts, batch overnight, production-approved models',
    expect: { useCaseKey: 'research_legal_analysis', approvedOnly: true, domains: ['legal'] },
  },
  {
    text: 'Multi-document research analysis for our pharma team, accuracy is critical, MI300X only',
    expect: {
      useCaseKey: 'research_legal_analysis',
      priority: 'ACCURACY',
      gpuTypes: ['MI300X'],
      domains: ['healthcare'],
    },
  },
  {
    text: 'Just something running on L4 GPUs with 20% headroom',
    expect: {
      useCaseKey: 'chatbot_conversational',
      useCaseMatched: false,
      gpuTypes: ['L4'],
      headroomPercent: 20,
      notesInclude: ['no use case recognised'],
    },
  },
  {
    text: 'Hello there',
    expect: {
      useCaseKey: 'chatbot_conversational',
      useCaseMatched: false,
      notesInclude: ['defaulted to chatbot_conversational'],
    },
  },
  {
    text: 'Cheapest possible but best quality',
    expect: {
      useCaseKey: 'chatbot_conversational',
      useCaseMatched: false,
      priority: 'BALANCED',
      notesInclude: ['conflicting priorities', 'using BALANCED'],
    },
  },
  {
    text: 'A chatbot on H100 only, but no H100',
    expect: {
      useCaseKey: 'chatbot_conversational',
      gpuTypes: [],
      excludedGpuTypes: ['H100'],
      notesInclude: ['ruled out wins'],
    },
  },
  {
    text: 'FAQ bot for a bank, 500 RPS at peak, average 120 rps, no L4',
    expect: {
      useCaseKey: 'chatbot_conversational',
      requestsPerSecond: 500,
      excludedGpuTypes: ['L4'],
      domains: ['finance'],
      notesInclude: ['several request rates'],
    },
  },
  {
    text: 'Helpdesk assistant: 2,000 users, each user sends 3 requests per minute',
    expect: {
      useCaseKey: 'chatbot_conversational',
      users: 2000,
      requestsPerUserPerMinute: 3,
      domains: ['customer-support'],
    },
  },
  {
    text: 'Virtual assistant with 4 requests per user per minute and 800 users',
    expect: { useCaseKey: 'chatbot_conversational', users: 800, requestsPerUserPerMinute: 4 },
  },
  {
    text: 'CHATBOT FOR 10K USERS, LOW LATENCY, $15K/MONTH',
    expect: {
      useCaseKey: 'chatbot_conversational',
      users: 10_000,
      priority: 'LATENCY',
      maxMonthlyCostUsd: 15_000,
    },
  },
  {
    text: 'chatbot,5k users,$8,500 per month,at most 4 GPUs',
    expect: { useCaseKey: 'chatbot_conversational', users: 5000, maxMonthlyCostUsd: 8500, maxGpus: 4 },
  },
  {
    text: 'We have a budget of 12k USD for a Q&A bot',
    expect: {
      useCaseKey: 'chatbot_conversational',
      maxMonthlyCostUsd: 12_000,
      notesInclude: ['read as a monthly budget'],
    },
  },
  {
    text: 'Q&A assistant, spend under $1.2M a year, fast responses',
    expect: {
      useCaseKey: 'chatbot_conversational',
      maxMonthlyCostUsd: 100_000,
      priority: 'LATENCY',
      notesInclude: ['$100,000/month'],
    },
  },
  {
    text: 'Customer service bot in Spanish and French, TTFT under 200 ms and ITL below 30ms',
    expect: {
      useCaseKey: 'chatbot_conversational',
      sloOverrides: { ttftP95Ms: 200, itlP95Ms: 30 },
      domains: ['multilingual', 'customer-support'],
    },
  },
  {
    text: 'Code generation with end-to-end latency under 20 seconds and 0.5 s time to first token',
    expect: {
      useCaseKey: 'code_generation_detailed',
      sloOverrides: { e2eP95Ms: 20_000, ttftP95Ms: 500 },
      domains: ['code'],
    },
  },
  {
    text: 'Real-time translation for a call center, 40 requests per second, no A100-40GB',
    expect: {
      useCaseKey: 'translation',
      priority: 'LATENCY',
      requestsPerSecond: 40,
      excludedGpuTypes: ['A100-40'],
      domains: ['multilingual', 'customer-support'],
    },
  },
  {
    text: 'Retrieval-augmented generation on NVIDIA A100 80GB, 8x A100-80GB max, headroom of 25%',
    expect: { useCaseKey: 'document_analysis_rag', gpuTypes: ['A100-80'], maxGpus: 8, headroomPercent: 25 },
  },
  {
    text: 'Semantic search Q&A with a minimum quality score of 75 and 1000 daily active users',
    expect: {
      useCaseKey: 'document_analysis_rag',
      minQualityScore: 75,
      users: 1000,
      notesInclude: ['read as users active at peak'],
    },
  },
  {
    text: 'Inline code suggestions as developers type; quality score at least 0.8; 2 seconds max response time',
    expect: {
      useCaseKey: 'code_completion',
      minQualityScore: 80,
      sloOverrides: { e2eP95Ms: 2000 },
      domains: ['code'],
      notesInclude: ['read as 80'],
    },
  },
  {
    text: 'Write blog articles in bulk, not latency-sensitive, budget-conscious, anything but H100',
    expect: { useCaseKey: 'content_generation', priority: 'COST', excludedGpuTypes: ['H100'] },
  },
  {
    text: 'Summarize emails, keep costs down but it must be really fast',
    expect: {
      useCaseKey: 'summarization_short',
      priority: 'BALANCED',
      notesInclude: ['conflicting priorities'],
    },
  },
  {
    text: 'Chatbot, latency is critical, keep costs down',
    expect: {
      useCaseKey: 'chatbot_conversational',
      priority: 'LATENCY',
      notesInclude: ['stressed more than cost'],
    },
  },
  {
    text: 'Research assistant for scientists with top quality answers, 5 requests/sec',
    expect: { useCaseKey: 'research_legal_analysis', priority: 'ACCURACY', requestsPerSecond: 5 },
  },
  {
    text: 'An internal tool to answer questions about our documentation, 300 employees, on L40S',
    expect: { useCaseKey: 'document_analysis_rag', users: 300, gpuTypes: ['L40S'] },
  },
  {
    text: 'Support chatbot running on L40 and L20 GPUs, with a single GPU max',
    expect: { useCaseKey: 'chatbot_conversational', gpuTypes: ['L40', 'L20'], maxGpus: 1 },
  },
  {
    text: 'Autocomplete for 2,500 developers, 5 requests per minute per developer, up to 32 GPUs, B100 or B200',
    expect: {
      useCaseKey: 'code_completion',
      users: 2500,
      requestsPerUserPerMinute: 5,
      maxGpus: 32,
      gpuTypes: ['B100', 'B200'],
      domains: ['code'],
    },
  },
  {
    text: 'Translation service. Peak of 150 queries per second. Avoid A10G and L4.',
    expect: {
      useCaseKey: 'translation',
      requestsPerSecond: 150,
      excludedGpuTypes: ['A10G', 'L4'],
      domains: ['multilingual'],
    },
  },
  {
    text: 'A summarization tool for 40-page legal filings; we do not want MI300X',
    expect: { useCaseKey: 'long_document_summarization', excludedGpuTypes: ['MI300X'], domains: ['legal'] },
  },
  {
    text: 'Generate marketing emails, 100k requests per day, under $3,000 monthly, approved-only models',
    expect: {
      useCaseKey: 'content_generation',
      requestsPerSecond: 100_000 / 86_400,
      maxMonthlyCostUsd: 3000,
      approvedOnly: true,
    },
  },
  {
    text: 'Customer support bot, 50 req/s, 2000 users',
    expect: {
      useCaseKey: 'chatbot_conversational',
      requestsPerSecond: 50,
      users: 2000,
      domains: ['customer-support'],
      notesInclude: ['the explicit rate sizes'],
    },
  },
  {
    text: 'chat assistant with p99 TTFT under 300 ms',
    expect: {
      useCaseKey: 'chatbot_conversational',
      sloOverrides: { ttftP95Ms: 300 },
      notesInclude: ['applied as the p95 target'],
    },
  },
  {
    text: 'Legal research across large corpora, no more than 8 H100s, €10,000 per month',
    expect: {
      useCaseKey: 'research_legal_analysis',
      gpuTypes: ['H100'],
      maxGpus: 8,
      maxMonthlyCostUsd: 10_000,
      domains: ['legal'],
      notesInclude: ['read as US dollars'],
    },
  },
  {
    text: 'Healthcare RAG for clinicians, HIPAA, 250 concurrent users and 1,200 registered users',
    expect: {
      useCaseKey: 'document_analysis_rag',
      users: 250,
      domains: ['healthcare'],
      notesInclude: ['several user counts'],
    },
  },
  {
    text: "Code completion; we don't have H100s, so use A100-80 and no more than 2 GPUs",
    expect: {
      useCaseKey: 'code_completion',
      gpuTypes: ['A100-80'],
      excludedGpuTypes: ['H100'],
      maxGpus: 2,
      domains: ['code'],
    },
  },
  {
    text: 'Paraphrasing tool, the most accurate model, $50/hour',
    expect: {
      useCaseKey: 'translation',
      priority: 'ACCURACY',
      maxMonthlyCostUsd: 36_500,
      notesInclude: ['converted to $36,500/month'],
    },
  },
  {
    text: 'Creative stories generator, 10 RPS, fewer than 4 GPUs',
    expect: { useCaseKey: 'content_generation', requestsPerSecond: 10, maxGpus: 3 },
  },
  {
    text: 'A chatbot for a university with twelve thousand students and 20 percent headroom',
    expect: {
      useCaseKey: 'chatbot_conversational',
      users: 12_000,
      headroomPercent: 20,
      domains: ['education'],
    },
  },
  {
    text: 'Summarize product reviews for our e-commerce shop at 30 req/min, snappy',
    expect: {
      useCaseKey: 'summarization_short',
      requestsPerSecond: 0.5,
      priority: 'LATENCY',
      domains: ['ecommerce'],
    },
  },
  {
    text: 'Contract analysis for our finance team with a $250k annual budget',
    expect: {
      useCaseKey: 'research_legal_analysis',
      maxMonthlyCostUsd: 20_833.33,
      domains: ['legal', 'finance'],
    },
  },
  {
    text: 'Need an LLM for stuff, 1 request every 2 seconds',
    expect: { useCaseKey: 'chatbot_conversational', useCaseMatched: false, requestsPerSecond: 0.5 },
  },
  {
    text: 'RAG for documents, latency is not critical, best possible accuracy',
    expect: { useCaseKey: 'document_analysis_rag', priority: 'ACCURACY' },
  },
  {
    text: 'Chatbot with 30 ms per token and 1k users on AMD MI300X',
    expect: {
      useCaseKey: 'chatbot_conversational',
      sloOverrides: { itlP95Ms: 30 },
      users: 1000,
      gpuTypes: ['MI300X'],
    },
  },
  {
    text: 'Our budget is $500 per day and we need at least 2 GPUs',
    expect: {
      useCaseKey: 'chatbot_conversational',
      useCaseMatched: false,
      maxMonthlyCostUsd: 15_208.33,
      notesInclude: ['is a minimum', 'converted to $15,208.33/month'],
    },
  },
  {
    text: 'Help desk bot; we expect 5000-10000 users',
    expect: {
      useCaseKey: 'chatbot_conversational',
      users: 10_000,
      domains: ['customer-support'],
      notesInclude: ['sized for the upper end'],
    },
  },
  {
    text: 'need to process ~50 requests/s of translation traffic, GPUs: max 6',
    expect: { useCaseKey: 'translation', requestsPerSecond: 50, maxGpus: 6, domains: ['multilingual'] },
  },
  {
    text: 'Document analysis on 500 PDFs a day, must finish each within a minute',
    expect: {
      useCaseKey: 'document_analysis_rag',
      requestsPerSecond: 500 / 86_400,
      sloOverrides: { e2eP95Ms: 60_000 },
    },
  },
  {
    text: 'Build a legal assistant that reviews NDAs for 40 lawyers, accuracy matters most',
    expect: { useCaseKey: 'research_legal_analysis', users: 40, priority: 'ACCURACY', domains: ['legal'] },
  },
  {
    text: 'Blog writer. I want H100 or A100-80GB GPUs, not A100-40GB, and we can afford about $10,000/mo',
    expect: {
      useCaseKey: 'content_generation',
      gpuTypes: ['H100', 'A100-80'],
      excludedGpuTypes: ['A100-40'],
      maxMonthlyCostUsd: 10_000,
    },
  },
  {
    text: 'The assistant should stream tokens fast: under 20ms between tokens. 4 GPUs total, H200 only.',
    expect: {
      useCaseKey: 'chatbot_conversational',
      priority: 'LATENCY',
      sloOverrides: { itlP95Ms: 20 },
      maxGpus: 4,
      gpuTypes: ['H200'],
    },
  },
  {
    text: 'generate unit tests for our Python repo on T4 GPUs',
    expect: {
      useCaseKey: 'code_generation_detailed',
      domains: ['code'],
      notesInclude: ['GPU "T4" is not in the catalog'],
    },
  },
];

const NOT_STATED: Omit<ExtractedIntent, 'useCaseKey' | 'notes'> = {
  useCaseMatched: true,
  users: null,
  requestsPerUserPerMinute: null,
  requestsPerSecond: null,
  priority: 'BALANCED',
  gpuTypes: [],
  excludedGpuTypes: [],
  maxGpus: null,
  maxMonthlyCostUsd: null,
  approvedOnly: false,
  minQualityScore: null,
  headroomPercent: null,
  sloOverrides: {},
  domains: [],
};

function same(want: unknown, got: unknown): boolean {
  if (typeof want === 'number' && typeof got === 'number') {
    return Math.abs(want - got) <= 1e-6 * Math.max(1, Math.abs(want));
  }
  return JSON.stringify(want) === JSON.stringify(got);
}

interface Score {
  stated: { matched: number; total: number };
  all: { matched: number; total: number };
  failures: string[];
}

function scoreTable(rows: Row[]): Score {
  const score: Score = { stated: { matched: 0, total: 0 }, all: { matched: 0, total: 0 }, failures: [] };
  for (const row of rows) {
    const got = extractWithRules(row.text, TEST_CONTEXT);
    const { notesInclude = [], ...fields } = row.expect;
    const want: Record<string, unknown> = { ...NOT_STATED, ...fields };
    for (const [field, value] of Object.entries(want)) {
      const actual = (got as unknown as Record<string, unknown>)[field];
      const stated = field in fields;
      const ok = same(value, actual);
      score.all.total++;
      if (stated) score.stated.total++;
      if (ok) {
        score.all.matched++;
        if (stated) score.stated.matched++;
      } else {
        score.failures.push(
          `${JSON.stringify(row.text)}: ${field} expected ${JSON.stringify(value)}, got ${JSON.stringify(actual)}`,
        );
      }
    }
    for (const fragment of notesInclude) {
      score.all.total++;
      score.stated.total++;
      if (got.notes.some((n) => n.includes(fragment))) {
        score.all.matched++;
        score.stated.matched++;
      } else {
        score.failures.push(
          `${JSON.stringify(row.text)}: no note contains ${JSON.stringify(fragment)}; notes ${JSON.stringify(got.notes)}`,
        );
      }
    }
  }
  return score;
}

const pct = (s: { matched: number; total: number }) =>
  `${s.matched}/${s.total} = ${((100 * s.matched) / s.total).toFixed(1)} %`;

describe('extractWithRules — the sentence table', () => {
  it('has at least 45 varied sentences', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(45);
    const useCases = new Set(TABLE.map((r) => r.expect.useCaseKey));
    expect(useCases.size).toBe(9);
  });

  it('extracts every field of every sentence (accuracy 100 %)', () => {
    const score = scoreTable(TABLE);
    console.log(
      `intent rules accuracy on ${TABLE.length} sentences: stated fields ${pct(score.stated)}; ` +
        `all fields incl. "not stated" ${pct(score.all)}`,
    );
    expect(score.failures).toEqual([]);
    expect(score.stated.matched).toBe(score.stated.total);
  });

  it('the accuracy score can fail: a wrong expectation is counted as a miss', () => {
    const score = scoreTable([
      { text: 'chatbot for 5,000 users', expect: { useCaseKey: 'chatbot_conversational', users: 500 } },
    ]);
    expect(score.stated).toEqual({ matched: 1, total: 2 });
    expect(score.failures[0]).toContain('users expected 500, got 5000');
  });
});

describe('extractWithRules — the acceptance sentence', () => {
  it('reads use case, users, priority and budget', () => {
    const intent = extractWithRules(
      'We need a customer-support chatbot for 5,000 users, latency is critical, budget $20k/month',
      TEST_CONTEXT,
    );
    expect(intent).toMatchObject({
      useCaseKey: 'chatbot_conversational',
      useCaseMatched: true,
      users: 5000,
      priority: 'LATENCY',
      maxMonthlyCostUsd: 20_000,
      requestsPerSecond: null,
      requestsPerUserPerMinute: null,
    });
  });
});

describe('extractWithRules — use-case notes', () => {
  it("names a rival use case within half the winner's score, with the words of each", () => {
    // A sentence whose rival is close under the current model (retrained on batch 3, "a support
    // chatbot that summarizes tickets" is now summarization with no rival within half).
    const intent = extractWithRules('a customer support chatbot that summarizes tickets', TEST_CONTEXT);
    expect(intent.useCaseKey).toBe('summarization_short');
    // The rival's words are those the trained model weighs for it ("chatbot", maybe "support").
    expect(intent.notes.join(' ')).toMatch(/also fits chatbot_conversational \([^)]*"chatbot"[^)]*\)/);
    expect(intent.notes.join(' ')).toContain('from "summarizes tickets"');
  });

  it('adds no use-case note when no rival comes close', () => {
    const intent = extractWithRules('We need a chatbot for 1,000 users', TEST_CONTEXT);
    expect(intent.useCaseKey).toBe('chatbot_conversational');
    expect(intent.notes.filter((n) => n.includes('also fits'))).toEqual([]);
  });
});

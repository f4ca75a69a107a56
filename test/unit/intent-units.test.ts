import { describe, expect, it } from 'vitest';
import {
  findGpuMentions,
  gpuResolver,
  normalizeGpuName,
} from '../../server/domains/intent/core/gpu-mentions.js';
import { detectPriority } from '../../server/domains/intent/core/priority.js';
import {
  findDurations,
  findMoney,
  findPercents,
  findRates,
  parseCount,
  parseDurationMs,
  parseMonthlyUsd,
  parseRatePerSecond,
  toMonthly,
} from '../../server/domains/intent/core/units.js';
import { TEST_CONTEXT } from './intent-fixtures.js';
import { extractWithRules } from '../../server/domains/intent/core/rules.js';
import { blankEachItem } from '../../server/domains/intent/core/load-phrases.js';
import { USE_CASE_KEYWORDS, type UseCaseKey } from '../../server/domains/intent/core/use-case-keywords.js';

/** Whether the use case's keyword with this label matches the text (the keyword must exist). */
function keywordMatches(useCase: UseCaseKey, label: string, text: string): boolean {
  const keyword = USE_CASE_KEYWORDS[useCase].find((k) => k.label === label);
  expect(keyword, label).toBeDefined();
  return keyword!.pattern.test(text);
}

describe('parseCount', () => {
  it.each([
    ['1000', 1000],
    ['5,000', 5000],
    ['1,234,567', 1_234_567],
    ['1.5k', 1500],
    ['2K', 2000],
    ['12k', 12_000],
    ['1M', 1_000_000],
    ['1.2 million', 1_200_000],
    ['3 thousand', 3000],
    ['twelve thousand', 12_000],
    ['a million', 1_000_000],
    ['two hundred', 200],
    ['eight', 8],
    ['2bn', 2e9],
  ])('%s → %d', (raw, want) => {
    expect(parseCount(raw)).toBe(want);
  });

  it.each(['1,00', 'a', 'lots', '', '5 apples'])('%j → null', (raw) => {
    expect(parseCount(raw)).toBeNull();
  });
});

describe('request rates → requests per second', () => {
  it.each([
    ['2k QPS', 2000],
    ['50 requests per second', 50],
    ['50 req/s', 50],
    ['100 RPS', 100],
    ['QPS of 200', 200],
    ['300 rpm', 5], // 300 / 60
    ['3,000 requests per minute', 50], // 3000 / 60
    ['36,000 queries an hour', 10], // 36000 / 3600
    ['1M requests per day', 1e6 / 86_400], // 11.574…
    ['2,628,000 calls per month', 1], // a month is 730 h = 2,628,000 s
    ['a request every 30 seconds', 1 / 30],
    ['500 PDFs a day', 500 / 86_400],
  ])('%s → %f req/s', (raw, want) => {
    expect(parseRatePerSecond(raw)).toBeCloseTo(want, 9);
  });

  it('marks rates that say they are per user', () => {
    expect(findRates('2 requests per user per minute')).toMatchObject([
      { perUser: true, requestsPerSecond: 2 / 60 },
    ]);
    expect(findRates('users send 3 messages per minute each')).toMatchObject([{ perUser: true }]);
    expect(findRates('3 messages per minute')).toMatchObject([{ perUser: false }]);
  });

  it('finds every rate with its span', () => {
    const text = 'average 20 rps, peaks of 80 req/s';
    const rates = findRates(text);
    expect(rates.map((r) => r.requestsPerSecond)).toEqual([20, 80]);
    expect(rates.map((r) => text.slice(r.index, r.end))).toEqual(['20 rps', '80 req/s']);
  });

  it('is not fooled by GPU names or percentiles', () => {
    expect(findRates('8 H100 GPUs with p95 under 2 s')).toEqual([]);
  });
});

describe('money → USD per month', () => {
  it.each([
    ['$5k/month', 5000],
    ['$20,000 per month', 20_000],
    ['budget of 12k USD', 12_000], // no period: read as monthly
    ['under $1.2M a year', 100_000], // 1,200,000 / 12
    ['$250k annual budget', 250_000 / 12],
    ['annual budget of $240k', 20_000],
    ['$50/hour', 36_500], // × 730 h
    ['$500 per day', (500 * 730) / 24], // 15,208.33
    ['1.2 million dollars per year', 100_000],
    ['$15K/MONTH', 15_000],
  ])('%s → %f', (raw, want) => {
    expect(parseMonthlyUsd(raw)).toBeCloseTo(want, 6);
  });

  it('reports the period and currency it read', () => {
    expect(findMoney('€10,000 per month')).toMatchObject([
      { amount: 10_000, currency: 'EUR', period: 'month' },
    ]);
    expect(findMoney('budget of 12k USD')).toMatchObject([{ amount: 12_000, currency: 'USD', period: null }]);
  });

  it('toMonthly converts every period over a 730-hour month', () => {
    expect(toMonthly(1, 'hour')).toBe(730);
    expect(toMonthly(24, 'day')).toBeCloseTo(730, 9);
    expect(toMonthly(12, 'year')).toBe(1);
    expect(toMonthly(7, null)).toBe(7);
  });
});

describe('durations → milliseconds', () => {
  it.each([
    ['200ms', 200],
    ['200 ms', 200],
    ['0.5 s', 500],
    ['1.5s', 1500],
    ['2 seconds', 2000],
    ['3 sec', 3000],
    ['half a second', 500],
    ['a minute', 60_000],
    ['250 milliseconds', 250],
  ])('%s → %d', (raw, want) => {
    expect(parseDurationMs(raw)).toBe(want);
  });

  it('ignores numbers glued to names ("A100s" is not 100 seconds)', () => {
    expect(findDurations('on A100s and H100s')).toEqual([]);
    expect(parseDurationMs('fast')).toBeNull();
  });

  it('finds percents', () => {
    expect(findPercents('20% headroom, 30 percent buffer').map((p) => p.percent)).toEqual([20, 30]);
  });
});

describe('GPU names', () => {
  const resolver = gpuResolver(TEST_CONTEXT);

  it('normalizes vendor prefixes, spaces and memory suffixes', () => {
    expect(normalizeGpuName('NVIDIA A100 80GB')).toBe('a100-80gb');
    expect(normalizeGpuName('AMD-Instinct-MI300X')).toBe('mi300x');
  });

  it.each([
    ['H100', ['H100'], false],
    ['h100s', ['H100'], false],
    ['NVIDIA-A100-40GB', ['A100-40'], false],
    ['A100 80GB', ['A100-80'], false],
    ['A100', ['A100-40', 'A100-80'], true],
    ['A100s', ['A100-40', 'A100-80'], true],
    ['L40S', ['L40S'], false],
    ['L40', ['L40'], false],
    ['mi300x', ['MI300X'], false],
    ['T4', [], false],
  ])('%s → %j', (name, types, viaFamily) => {
    expect(resolver.resolve(name)).toEqual({ types, viaFamily });
  });

  it('reads L40S as the L40 (plural) when the catalog has no L40S', () => {
    const ctx = { gpuAliases: { l40: 'L40', 'nvidia-l40': 'L40' } };
    expect(gpuResolver(ctx).resolve('L40S').types).toEqual(['L40']);
  });

  it('shares one negation across a list and stops at the clause', () => {
    const { mentions } = findGpuMentions('no L4, A10G or L20, only H100', resolver);
    expect(mentions.map((m) => [m.types.join('+'), m.excluded])).toEqual([
      ['L4', true],
      ['A10G', true],
      ['L20', true],
      ['H100', false],
    ]);
  });

  it('treats "no more than" as a limit, not a negation, and "anything but" as one', () => {
    expect(findGpuMentions('no more than 8 H100s', resolver).mentions[0]?.excluded).toBe(false);
    expect(findGpuMentions('anything but L4', resolver).mentions[0]?.excluded).toBe(true);
    expect(findGpuMentions('L4s are not an option', resolver).mentions[0]?.excluded).toBe(true);
  });
});

describe('detectPriority', () => {
  it.each([
    ['cheap and cheerful', 'COST'],
    ['cost-effective please', 'COST'],
    ['we are budget-conscious', 'COST'],
    ['fast answers', 'LATENCY'],
    ['low latency', 'LATENCY'],
    ['latency is critical', 'LATENCY'],
    ['real-time', 'LATENCY'],
    ['snappy UI', 'LATENCY'],
    ['best quality', 'ACCURACY'],
    ['most accurate', 'ACCURACY'],
    ['highest quality', 'ACCURACY'],
    ['nothing in particular', 'BALANCED'],
    ['budget $5k/month', 'BALANCED'],
    ['latency is not critical', 'BALANCED'],
    ['fast but cheap', 'BALANCED'],
    ['cheapest possible but best quality', 'BALANCED'],
    ['latency is critical, keep costs down', 'LATENCY'],
  ])('%s → %s', (text, want) => {
    expect(detectPriority(text).priority).toBe(want);
  });

  it('explains a tie', () => {
    expect(detectPriority('cheapest possible but best quality').notes[0]).toMatch(
      /conflicting priorities: cost \("cheapest"\) and accuracy \("best quality"\)/,
    );
  });
});

describe('head counts and SLOs added for batch 2 of the corpus', () => {
  const read = (text: string) => extractWithRules(text, TEST_CONTEXT);

  it('"N of them" counts the people named just before, never GPUs or a cap', () => {
    expect(read('Our devs (roughly 2,500 of them) want autocomplete').users).toBe(2500);
    expect(read('our coders want suggestions in the editor; 120 of them').users).toBe(120);
    const gpus = read('a chatbot for 200 developers, on A100s, at most 4 of them');
    expect(gpus).toMatchObject({ users: 200, maxGpus: 4 });
    expect(read('chatbot for our engineers; 4 of them at most on H100').users).toBeNull();
  });

  it('plural agent nouns are people; things in -ers/-ors are not', () => {
    expect(read('RAG for claims handlers, 250 handlers').users).toBe(250);
    const vague = read('summaries for thousands of retail investors').users!;
    expect(vague >= 1000 && vague <= 9999).toBe(true);
    expect(read('a chatbot, 12 servers, 8 adapters').users).toBeNull();
    expect(read('summarize 500 papers a day').users).toBeNull();
  });

  it('a vague count marked "at once" after people is a peak head count', () => {
    const n = read('a chatbot for students (a few hundred at once)').users!;
    expect(n >= 200 && n <= 500).toBe(true);
  });

  it('a bare percentile before a duration is an end-to-end target; a metric word still wins', () => {
    expect(read('chatbot, p95 under 800 ms').sloOverrides).toEqual({ e2eP95Ms: 800 });
    expect(read('chatbot, p99 under 2 s').sloOverrides).toEqual({ e2eP95Ms: 2000 });
    expect(read('chatbot, p95 TTFT under 300 ms').sloOverrides).toEqual({ ttftP95Ms: 300 });
    expect(read('chatbot for 30 users, 2 s').sloOverrides).toEqual({});
  });
});

describe('rates, per-user rates and priorities added for batch 3 of the corpus', () => {
  const read = (text: string) => extractWithRules(text, TEST_CONTEXT);

  it('any counted thing per month is a rate (a month is 730 h); money and people are not', () => {
    expect(read('write bedtime stories, 1.2 million stories per month').requestsPerSecond).toBeCloseTo(
      1.2e6 / (730 * 3600),
      6,
    );
    expect(read('draft 2,628 poems a month').requestsPerSecond).toBeCloseTo(2628 / (730 * 3600), 9);
    const money = read('write poems, $30k a month');
    expect(money).toMatchObject({ requestsPerSecond: null, maxMonthlyCostUsd: 30_000 });
    expect(read('RAG for 300 new hires a month')).toMatchObject({ users: 300, requestsPerSecond: null });
  });

  it('"each <thing>" picks out the item, not a person: the rate stays a total', () => {
    expect(blankEachItem('boil down each customer complaint to one line')).not.toMatch(/each/);
    expect(blankEachItem('summarize each email')).not.toMatch(/each/);
    const item = read('Recap each customer chat in 2 lines, 8,000 chats a day');
    expect(item.requestsPerSecond).toBeCloseTo(8000 / 86_400, 9);
    expect(item.requestsPerUserPerMinute).toBeNull();
    expect(read('boil down each customer complaint to one line, 5 rps')).toMatchObject({
      requestsPerSecond: 5,
      requestsPerUserPerMinute: null,
    });
  });

  it('"each" before what a person does still makes the rate per user', () => {
    for (const kept of ['each user sends', 'each handles about', 'each asking', 'each one maybe', 'each ~4'])
      expect(blankEachItem(kept)).toBe(kept);
    expect(read('50 analysts, each analyst runs 3 queries per minute').requestsPerUserPerMinute).toBe(3);
    expect(read('60 devs, each one maybe 300 requests per hour').requestsPerUserPerMinute).toBe(5);
    expect(read('250 agents, each asking about 4 questions per minute').requestsPerUserPerMinute).toBe(4);
  });

  it('"accuracy matters" and "cost matters" are plain signals; "… too" stays secondary', () => {
    expect(detectPriority('accuracy matters but cost too').priority).toBe('ACCURACY');
    expect(detectPriority('cost matters, latency too').priority).toBe('COST');
    expect(detectPriority('cost matters, latency matters too').priority).toBe('COST');
    expect(detectPriority("cost doesn't matter, accuracy matters").priority).toBe('ACCURACY');
    expect(detectPriority('accuracy matters and cost matters').priority).toBe('BALANCED');
  });
});

describe('use-case keywords added for batch 3 of the corpus (classifier features)', () => {
  it.each<[UseCaseKey, string, string, string]>([
    ['code_generation_detailed', 'ETL jobs', 'build Spark jobs for the lake', 'run background jobs'],
    ['code_generation_detailed', 'programming languages', 'services in Kotlin', 'in plain English'],
    ['translation', 'rewrite', 'reword the letters', 'record the words'],
    ['translation', 'plain language', 'notices in plain English', 'a plain chatbot'],
    ['translation', 'plain language', 'simplify the wording of letters', 'simplify deployment'],
    ['content_generation', 'video scripts', 'scripts for TikTok videos', 'scripts for the build'],
    ['content_generation', 'lesson plans', 'lesson plans and quizzes', 'plans for lessons learned'],
    ['content_generation', 'slogans', 'taglines for products', 'tags for products'],
    ['content_generation', 'slogans', 'job ads for recruiters', 'jobs in Scala'],
    ['summarization_short', 'summarize emails/articles', 'summarize voicemails', 'record voicemails'],
    [
      'summarization_short',
      'summary in two lines',
      'recap each chat in 2 lines',
      'from a one-paragraph brief',
    ],
    ['document_analysis_rag', 'query documents', 'query lecture slides and notes', 'query the database'],
    ['document_analysis_rag', 'query documents', 'looks up answers in our HR SharePoint', 'looks up prices'],
    ['document_analysis_rag', 'document Q&A', 'q&a over maintenance logs and manuals', 'q&a for guests'],
    ['research_legal_analysis', 'regulations', 'compare regulations of 27 countries', 'regular updates'],
    ['research_legal_analysis', 'analyse papers', 'analyse patents and scientific papers', 'analyse logs'],
  ])('%s / %s: "%s" matches, "%s" does not', (useCase, label, yes, no) => {
    expect(keywordMatches(useCase, label, yes)).toBe(true);
    expect(keywordMatches(useCase, label, no)).toBe(false);
  });
});

describe('head counts, money, rates and priorities added for batch 4 of the corpus', () => {
  const read = (text: string) => extractWithRules(text, TEST_CONTEXT);

  it('"grand" is thousands of dollars; a quarter is three months', () => {
    expect(parseMonthlyUsd('spend capped at 48 grand a year')).toBe(4000);
    expect(parseMonthlyUsd('budget 36 grand annually')).toBe(3000);
    expect(parseMonthlyUsd('$9,000 per quarter')).toBe(3000);
    expect(parseMonthlyUsd('budget: 15k quarterly')).toBe(5000);
    expect(toMonthly(900, 'quarter')).toBeCloseTo(300, 9);
    // "grand" is no magnitude outside money.
    expect(read('a chatbot with a grand total of 40 users').maxMonthlyCostUsd).toBeNull();
  });

  it('a money range takes its upper end, the magnitude shared ("$2-3k a month")', () => {
    expect(parseMonthlyUsd('$2-3k a month')).toBe(3000);
    expect(parseMonthlyUsd('$10k to $15k per month')).toBe(15_000);
    expect(read('chatbot, $2-3k a month').maxMonthlyCostUsd).toBe(3000);
    expect(parseMonthlyUsd('$2k a month')).toBe(2000);
  });

  it('a space groups thousands ("12 000"); other spaced numbers stay apart', () => {
    expect(parseCount('12 000')).toBe(12_000);
    expect(read('chatbot for our 12 000 shoppers').users).toBe(12_000);
    expect(read('chatbot for 20 000 000 visitors').users).toBe(20_000_000);
    expect(read('autocomplete, 4 10 developers').users).toBe(10);
  });

  it('a magnitude word is part of the count, not the thing counted ("4 million per month")', () => {
    expect(parseRatePerSecond('volume 4 million per month')).toBeCloseTo(4e6 / (730 * 3600), 9);
    expect(parseRatePerSecond('2 thousand a day')).toBeCloseTo(2000 / 86_400, 9);
  });

  it('"crew / squad of N", "Seats: N" and a bare "N concurrent" are head counts', () => {
    expect(read('the platform crew of 14 wants code suggestions').users).toBe(14);
    expect(read('a squad of 9 analysts needs RAG').users).toBe(9);
    expect(read('Procurement: autocomplete. Seats: 1,200.').users).toBe(1200);
    expect(read('chatbot, ~800 concurrent, TTFT under 1 s').users).toBe(800);
    expect(read('chatbot, 800 concurrent sessions').users).toBe(800);
    expect(read('chatbot, 800 concurrent requests per second').users).toBeNull();
  });

  it('a singular person noun where the phrase ends counts ("30 engineer,"); inside a phrase it does not', () => {
    expect(read('RAG over the wiki for 30 engineer, cheap').users).toBe(30);
    expect(read('we are 7 lawyer.').users).toBe(7);
    expect(read('RAG for 2 million user queries a day').users).toBeNull();
    expect(read('a chatbot, 5 GPUs per user, no H100').users).toBeNull();
  });

  it('plural nouns in -ants are people ("applicants", "participants"), but "variants" are not', () => {
    expect(read('chatbot for 600 applicants').users).toBe(600);
    const vague = read('a sandbox for a few hundred participants').users!;
    expect(vague >= 200 && vague <= 500).toBe(true);
    expect(read('write 50 variants of each tagline').users).toBeNull();
    expect(read('stories for tens of thousands of kids').users).not.toBeNull();
  });

  it('"X is the deciding factor", "X is the most important", "speed matters" are signals', () => {
    expect(detectPriority('Latency is the deciding factor.').priority).toBe('LATENCY');
    expect(detectPriority('quality is the most important, cost matters').priority).toBe('ACCURACY');
    expect(detectPriority('speed matters but accuracy too').priority).toBe('LATENCY');
    expect(detectPriority('speed matters, cost matters').priority).toBe('BALANCED');
  });

  it('"cheap and good equally" weighs cost and quality equally', () => {
    expect(detectPriority('fast and good equally').priority).toBe('BALANCED');
    expect(detectPriority('cheap, good enough equally for all teams').priority).toBe('BALANCED');
    expect(detectPriority('cheap, all teams equally').priority).toBe('COST');
  });

  it('"restricted to the approved catalogue / list" asks for approved models', () => {
    expect(read('chatbot, models restricted to the approved catalog').approvedOnly).toBe(true);
    expect(read('chatbot; only from our approved model list').approvedOnly).toBe(true);
    expect(read('chatbot; the budget was approved last week').approvedOnly).toBe(false);
  });
});

describe('"the main factor" (batch 4 of the corpus)', () => {
  it('"X is the main / key factor" is emphatic', () => {
    expect(detectPriority('price is the main factor, latency matters').priority).toBe('COST');
    expect(detectPriority('the main factor is that it runs on L4').priority).toBe('BALANCED');
  });
});

describe('use-case keywords added for batch 4 of the corpus (classifier features)', () => {
  it.each<[UseCaseKey, string, string, string]>([
    ['content_generation', 'web copy', 'website copy for our shop', 'copy the files to S3'],
    ['content_generation', 'web copy', 'copy written in our voice', 'a copy of each contract'],
    ['code_generation_detailed', 'write code', 'produce full Shopify plugins', 'produce monthly reports'],
    ['code_generation_detailed', 'write code', 'build Chrome extensions from specs', 'build a chatbot'],
    ['long_document_summarization', 'show notes', 'show notes for each episode', 'show me the notes'],
    [
      'long_document_summarization',
      'summarize long documents',
      'summarize entire 400-page vendor manuals',
      'summarize vendor manuals',
    ],
    [
      'summarization_short',
      'summarize emails/articles',
      'TL;DR of staff announcements',
      'TL;DR of the annual report',
    ],
  ])('%s / %s: "%s" matches, "%s" does not', (useCase, label, yes, no) => {
    expect(keywordMatches(useCase, label, yes)).toBe(true);
    expect(keywordMatches(useCase, label, no)).toBe(false);
  });
});

describe('labelled head counts and exact counts "at peak" (batch 4 of the corpus)', () => {
  const read = (text: string) => extractWithRules(text, TEST_CONTEXT);

  it('"<people word>: N" in forms is a head count; other labels are not', () => {
    expect(read('Procurement: autocomplete. Licences: 900.').users).toBe(900);
    expect(read('Staff: 1,200. Volume: 40 req/s.').users).toBe(1200);
    expect(read('chatbot, headcount 250').users).toBe(250);
    expect(read('Engineers - 75; RAG over the wiki').users).toBe(75);
    expect(read('chatbot. GPUs: 8. Languages: 6.').users).toBeNull();
    expect(read('chatbot. Agents: 40 req/s').users).toBeNull();
  });

  it('an exact count "at peak" after a total is the peak; money at peak is not people', () => {
    expect(read('chatbot for 5,000 users, of which 600 at peak').users).toBe(600);
    expect(read('chatbot for 5,000 users, 300 concurrently').users).toBe(300);
    expect(read('chatbot, $5k at peak').users).toBeNull();
    expect(read('RAG, 100 rps at peak').users).toBeNull();
  });
});

describe('a quality floor after a colon (batch 4 of the corpus)', () => {
  it('"quality score: 70+" and "quality: 65 or higher" are floors; "quality: 70" alone is not', () => {
    const read = (text: string) => extractWithRules(text, TEST_CONTEXT);
    expect(read('RAG, quality score: 70+').minQualityScore).toBe(70);
    expect(read('RAG, quality: 65 or higher').minQualityScore).toBe(65);
    expect(read('RAG, quality: 70 reviewers').minQualityScore).toBeNull();
  });
});

describe('a GPU name without its letter variant suffix (batch 4 of the corpus)', () => {
  it('"MI300" is the MI300X when the catalog has only that; a digit more is another GPU', () => {
    const resolver = gpuResolver(TEST_CONTEXT);
    expect(resolver.resolve('MI300').types).toEqual(['MI300X']);
    expect(resolver.resolve('MI300s').types).toEqual(['MI300X']);
    expect(resolver.resolve('MI3').types).toEqual([]);
    expect(resolver.resolve('H10').types).toEqual([]);
  });
});

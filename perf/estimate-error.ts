// The estimate's error on held-back rows (docs/recommendations.md, "Measured error"): each traffic
// profile is held back in turn, estimated from the other three, and compared with its real rows.
// `npm run bench:estimate`
import { leaveOneProfileOut, type EstimateErrorSummary } from '../server/domains/recommend/core/estimate.js';
import { fetchCandidateRows } from '../server/domains/recommend/service.js';
import { benchDatabase, heading, machineLine, table } from './support.js';

const db = await benchDatabase();
try {
  const rows = await fetchCandidateRows(db.clients.api, null, []);
  const all = leaveOneProfileOut(rows);
  const sloRelevant = leaveOneProfileOut(rows, { evaluate: (r) => r.ttftP95 <= 2000 && r.itlP95 <= 45 });
  const line = (name: string, summary: EstimateErrorSummary, kind: 'mape' | 'medianApe') => ({
    'held-out rows': `${name} (${summary.rowsEvaluated} rows) — ${kind === 'mape' ? 'MAPE' : 'median APE'}`,
    'TTFT %': summary[kind].TTFT,
    'ITL %': summary[kind].ITL,
    'E2E %': summary[kind].E2E,
    'req/s %': summary[kind].RPS,
  });
  process.stdout.write(
    `${heading('estimate error, leave one profile out')}${await machineLine(db.url, process.env.DATABASE_URL ? 'external' : 'embedded')}\n` +
      `${rows.length} seed rows; ${all.rowsNotEstimable} held-out rows not estimable\n\n` +
      `${table([
        line('all', all, 'mape'),
        line('all', all, 'medianApe'),
        line('SLO-relevant (TTFT ≤ 2 s, ITL ≤ 45 ms)', sloRelevant, 'mape'),
        line('SLO-relevant (TTFT ≤ 2 s, ITL ≤ 45 ms)', sloRelevant, 'medianApe'),
      ])}\n`,
  );
} finally {
  await db.stop();
}

// `npx tsx scripts/split-intent-batch.ts <batch.json>`: adds a new batch of intent-corpus rows
// (`[{ id, batch, text, expect }]`, written before the extractor ran on them) to the corpus, split by
// the corpus's fixed procedure (perf/intent/split.ts): the batch's ids in order, Fisher–Yates with
// mulberry32 seeded 13, the first 70 % to tuning.json and the rest to heldout.json. Prints only
// counts: the held-out rows are not shown.
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { ExpectedSchema } from '../perf/intent/corpus.js';
import { splitBatch } from '../perf/intent/split.js';

const RowSchema = z.object({
  id: z.string(),
  batch: z.number().int(),
  text: z.string().min(1),
  expect: ExpectedSchema,
});
type Row = z.infer<typeof RowSchema>;

function main(path: string): void {
  const batch = z.array(RowSchema).parse(JSON.parse(readFileSync(path, 'utf8')));
  const dir = new URL('../test/fixtures/intent/', import.meta.url);
  const parts = ['tuning', 'heldout'] as const;
  const files = parts.map((part) => {
    const url = new URL(`${part}.json`, dir);
    return { part, url, data: JSON.parse(readFileSync(url, 'utf8')) as { rows: { id: string }[] } };
  });
  const known = new Set(files.flatMap((f) => f.data.rows.map((r) => r.id)));
  const clash = batch.filter((r) => known.has(r.id));
  if (clash.length > 0) throw new Error(`ids already in the corpus: ${clash.map((r) => r.id).join(', ')}`);
  const split = splitBatch(batch.map((r) => r.id));
  const byId = new Map<string, Row>(batch.map((r) => [r.id, r]));
  for (const file of files) {
    const added = split[file.part].map((id) => byId.get(id)!);
    file.data.rows = [...file.data.rows, ...added].sort((a, b) => a.id.localeCompare(b.id));
    writeFileSync(file.url, `${JSON.stringify(file.data, null, 2)}\n`);
    process.stdout.write(`${file.part}.json: +${added.length} rows, ${file.data.rows.length} in all\n`);
  }
}

if (process.argv[2]) main(process.argv[2]);

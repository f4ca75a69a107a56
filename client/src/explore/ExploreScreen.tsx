import { hrefFor } from '../routing.js';
import { BenchmarkCurves } from './BenchmarkCurves.js';
import { GpusTable } from './GpusTable.js';
import { ModelsTable } from './ModelsTable.js';
import { ProfilesTable, UseCasesTable } from './ProfilesAndUseCases.js';

const TABS = [
  { key: 'profiles', title: 'Traffic profiles' },
  { key: 'use-cases', title: 'Use cases' },
  { key: 'models', title: 'Models' },
  { key: 'gpus', title: 'GPUs' },
  { key: 'curves', title: 'Benchmark curves' },
] as const;

type Tab = (typeof TABS)[number]['key'];

/** The knowledge base, one part at a time (`#/explore?tab=models`). */
export function ExploreScreen({ params }: { params: URLSearchParams }) {
  const tab: Tab = TABS.find((t) => t.key === params.get('tab'))?.key ?? 'profiles';
  return (
    <div className="screen">
      <h1>Explore the knowledge base</h1>
      <nav aria-label="Knowledge base" className="subnav">
        <ul>
          {TABS.map((t) => (
            <li key={t.key}>
              <a href={hrefFor('explore', { tab: t.key })} aria-current={tab === t.key ? 'page' : undefined}>
                {t.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {tab === 'profiles' ? <ProfilesTable /> : null}
      {tab === 'use-cases' ? <UseCasesTable /> : null}
      {tab === 'models' ? <ModelsTable /> : null}
      {tab === 'gpus' ? <GpusTable /> : null}
      {tab === 'curves' ? <BenchmarkCurves /> : null}
    </div>
  );
}

import { useQuery } from 'urql';
import { formatNumber, formatUsd } from '../format.js';
import { QueryState } from '../ui/Status.js';
import { GpusQuery } from './operations.js';
import { ScrollTable } from '../ui/ScrollTable.js';

export function GpusTable() {
  const [result] = useQuery({ query: GpusQuery });
  const gpus = result.data?.gpus ?? [];
  return (
    <section className="card" aria-labelledby="gpus-h">
      <h2 id="gpus-h">GPUs and prices</h2>
      <QueryState
        fetching={result.fetching}
        error={result.error}
        empty={gpus.length === 0}
        emptyText="No GPUs."
      >
        <ScrollTable label="GPUs table">
          <thead>
            <tr>
              <th scope="col">GPU</th>
              <th scope="col">Architecture</th>
              <th scope="col" className="num">
                VRAM
              </th>
              <th scope="col" className="num">
                FP16 TFLOPS
              </th>
              <th scope="col" className="num">
                Bandwidth
              </th>
              <th scope="col" className="num">
                Price / h
              </th>
              <th scope="col" className="num">
                Per month
              </th>
              <th scope="col">By provider</th>
            </tr>
          </thead>
          <tbody>
            {gpus.map((g) => (
              <tr key={g.id}>
                <th scope="row">
                  {g.type} <small className="muted">{g.vendor}</small>
                </th>
                <td>{g.architecture}</td>
                <td className="num">{g.vramGb} GB</td>
                <td className="num">{formatNumber(g.fp16Tflops, 0)}</td>
                <td className="num">{formatNumber(g.memoryBandwidthGbps, 0)} GB/s</td>
                <td className="num">{formatUsd(g.hourlyPriceUsd)}</td>
                <td className="num">{formatUsd(g.hourlyPriceUsd * 730)}</td>
                <td className="nowrap prices">
                  {g.prices
                    .filter((p) => p.provider !== 'default')
                    .map((p) => `${p.provider} ${formatUsd(p.hourlyUsd)}`)
                    .join(' · ') || '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      </QueryState>
    </section>
  );
}

/**
 * One load axis for a sweep whose levels mix closed and open loops. A closed-loop level
 * (synchronous, concurrent, throughput probe) sets a concurrency and gets whatever rate the target
 * sustains; an open-loop level (constant, poisson) offers a rate. Plotting a concurrency of 128 on a
 * req/s axis beside 25 req/s levels mixes units, so:
 *
 * - a sweep with open-loop levels is laid out on the **rate** axis: open-loop levels at their offered
 *   rate, closed-loop levels at their achieved rate (labelled with their concurrency). Knee and
 *   saturation are computed on the open-loop levels only, in rate order: on a closed-loop level the
 *   rate is an outcome, not a load, and a probe must not make a "knee" of a rate that only fell
 *   because the offered rate did.
 * - a sweep of closed-loop levels only (1/4/8/16 connections) is laid out on the **concurrency**
 *   axis, and every level is analysed against its concurrency.
 */
import type { SweepLevel } from './saturation.js';
import {
  formatConcurrency,
  formatRate,
  type ConcurrencyNoun,
  type LoadAxis,
  type LoadUnits,
  type WorkUnit,
} from './units.js';

export type LoadLoop = 'open' | 'closed';

/** A level as stored (`benchmark_run_levels`), repetitions merged. */
export interface LevelInput extends Omit<SweepLevel, 'offeredLoad'> {
  loadKind: string;
  concurrency: number | null;
  targetRate: number | null;
}

export interface PlacedLevel extends SweepLevel {
  loadKind: string;
  loop: LoadLoop;
  concurrency: number | null;
  targetRate: number | null;
  /** `25.0 req/s` (open loop) or `throughput, 128 streams` (closed loop). */
  label: string;
  /** Part of the knee/saturation analysis. */
  analyzed: boolean;
}

export interface PlacedSweep {
  units: LoadUnits;
  /** Every level, in load order (axis position, then level index). */
  levels: PlacedLevel[];
  /** The levels the knee and saturation are computed on, in load order. */
  analyzed: PlacedLevel[];
  /** Why some levels are left out of the analysis, if any are. */
  notes: string[];
}

const OPEN_KINDS = new Set(['constant', 'poisson']);

export function loopOf(level: Pick<LevelInput, 'loadKind' | 'targetRate' | 'concurrency'>): LoadLoop {
  if (OPEN_KINDS.has(level.loadKind)) return 'open';
  if (level.concurrency !== null) return 'closed';
  return level.targetRate !== null ? 'open' : 'closed';
}

function closedLabel(level: LevelInput, noun: ConcurrencyNoun): string {
  const c = formatConcurrency(level.concurrency ?? 1, noun);
  return level.loadKind === 'concurrent' ? c : `${level.loadKind}, ${c}`;
}

export interface PlaceOptions {
  unit?: WorkUnit;
  noun?: ConcurrencyNoun;
}

export function placeLevels(inputs: readonly LevelInput[], options: PlaceOptions = {}): PlacedSweep {
  const unit = options.unit ?? 'req';
  const noun = options.noun ?? 'streams';
  const anyOpen = inputs.some((l) => loopOf(l) === 'open');
  const axis: LoadAxis = anyOpen ? 'rate' : 'concurrency';
  const levels = inputs.map((input): PlacedLevel => {
    const loop = loopOf(input);
    const open = loop === 'open';
    const offeredLoad = open
      ? (input.targetRate ?? input.achievedRps)
      : axis === 'rate'
        ? input.achievedRps
        : (input.concurrency ?? 1);
    return {
      ...input,
      loop,
      offeredLoad,
      label: open
        ? `${input.loadKind === 'poisson' ? 'poisson ' : ''}${formatRate(offeredLoad, unit)}`
        : closedLabel(input, noun),
      analyzed: !anyOpen || open,
    };
  });
  levels.sort((a, b) => a.offeredLoad - b.offeredLoad || a.level - b.level);
  const analyzed = levels.filter((l) => l.analyzed);
  const notes: string[] = [];
  const left = levels.filter((l) => !l.analyzed);
  if (left.length > 0) {
    notes.push(
      `Knee and saturation use the ${analyzed.length} open-loop levels; the closed-loop ` +
        `${left.length === 1 ? 'level' : 'levels'} ` +
        left.map((l) => `${l.level} (${l.label})`).join(', ') +
        ` ${left.length === 1 ? 'is' : 'are'} drawn at ${left.length === 1 ? 'its' : 'their'} achieved rate only.`,
    );
  }
  return { units: { axis, unit, noun }, levels, analyzed, notes };
}

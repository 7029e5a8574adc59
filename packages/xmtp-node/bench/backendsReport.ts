import { BACKEND_LABELS } from './backends.ts';
import type { BackendsSummary } from './backendsRun.ts';
import type { MachineInfo } from './machine.ts';
import { formatInUnit, renderTable, reportHeader } from './report.ts';
import { BACKEND_FIGURES, type BackendFigure } from './suites/backends.ts';

export interface BackendsReport {
  plan: string;
  seconds: number;
  machine: MachineInfo;
  backends: BackendsSummary;
}

const load = (value: number) => value.toFixed(2);

/** The `--backends` report: one column per backend, each figure with its ratio to the first backend's. */
export function renderBackendsReport(report: BackendsReport): string {
  const summary = report.backends;
  const headers = ['Figure', ...summary.backends.map((backend, index) => `${BACKEND_LABELS[backend]}${index === 0 ? ' (baseline)' : ''}`)];
  const rows = (Object.keys(BACKEND_FIGURES) as BackendFigure[]).map((figure) => {
    const { label, unit, higherIsBetter } = BACKEND_FIGURES[figure];
    return [
      `${label}${higherIsBetter ? ' ↑' : ' ↓'}`,
      ...summary.backends.map((_, index) => {
        const value = formatInUnit(unit, summary.medians[index]![figure]);
        const ratio = summary.ratios[index]![figure];
        return index === 0 || !Number.isFinite(ratio) ? value : `${value} (${ratio.toFixed(2)}×)`;
      }),
    ];
  });
  const lines = [
    ...reportHeader(report),
    `Storage backends: median of ${summary.rounds} round${summary.rounds === 1 ? '' : 's'}, each with fresh node processes, fresh clients${summary.postgres ? ' and a fresh Postgres database' : ''}; (ratio) = value ÷ the first column's; ↑ higher is better, ↓ lower is better`,
    'Senders connect to replica A; the stream is held on replica B when there are two (each message crosses replicas through Postgres).',
    renderTable(headers, rows),
  ];
  if (summary.postgres) lines.push(`Postgres: ${summary.postgres.source}; ${summary.postgres.durability}`);
  const perRound = summary.loadAverage.rounds.map(({ backend, value }) => `${backend} ${load(value)}`).join(', ');
  lines.push(
    `Load average (1 min, ${report.machine.cores} cores): ${load(summary.loadAverage.before)} before; after each round: ${perRound}; ${load(summary.loadAverage.after)} after`,
  );
  lines.push(`Missed stream deliveries: ${summary.missedDeliveries}; failed senders: ${summary.failedSenders}`);
  for (const failure of summary.failures) lines.push(`  failed round: ${failure}`);
  return lines.join('\n');
}

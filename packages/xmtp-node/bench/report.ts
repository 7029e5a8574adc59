import type { MachineInfo } from './machine.ts';
import { type NodeTarget, targetLabel } from './nodeHost.ts';
import type { CpuWindow } from './resources.ts';
import type { Summary } from './stats.ts';
import { COMPARED_FIGURES, type ComparedFigure } from './suites/comparison.ts';
import type { HeadlineResult } from './suites/headline.ts';
import type { ValidationResult } from './suites/validation.ts';

export interface ComparisonSummary {
  rounds: number;
  /** Headline target first; ratios are against it. */
  targets: NodeTarget[];
  /** Per target (same order), per figure: the median over rounds. */
  medians: Record<ComparedFigure, number>[];
  /** Per target, per figure: median ÷ the headline target's median. */
  ratios: Record<ComparedFigure, number>[];
  /** The most CPU other processes used during any measured window of any round. */
  maxOtherProcessesCpuPercent: number;
  failures: string[];
}

export interface BenchReport {
  plan: string;
  seconds: number;
  machine: MachineInfo;
  headlineTarget: NodeTarget;
  headline: HeadlineResult | undefined;
  headlineFailure: string | undefined;
  comparison: ComparisonSummary | undefined;
  validation: ValidationResult | undefined;
  validationFailure: string | undefined;
}

const SQLITE_MODE = 'journal_mode=WAL, synchronous=FULL';

export const ms = (value: number): string => {
  if (!Number.isFinite(value)) return 'n/a';
  return `${value < 1 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0)} ms`;
};
export const perSecond = (value: number) => (Number.isFinite(value) ? `${Math.round(value).toLocaleString('en-US')} msg/s` : 'n/a');
const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;
const count = (value: number) => value.toLocaleString('en-US');
const percent = (value: number) => `${Math.round(value)}%`;
const p50p99 = (s: Summary) => `p50 ${ms(s.p50)} · p99 ${ms(s.p99)}`;
const p50p95p99 = (s: Summary) => `p50 ${ms(s.p50)} · p95 ${ms(s.p95)} · p99 ${ms(s.p99)}`;

/** Where the CPU went, worded for the placement: in-process there is one process to speak of. */
function cpuNote(cpu: CpuWindow, target: NodeTarget): string {
  const others =
    cpu.otherProcessesCpuPercent >= OTHER_LOAD_WARNING_PERCENT ? `; WARNING: other processes ${percent(cpu.otherProcessesCpuPercent)}` : '';
  if (target.placement === 'in-process')
    return `CPU ${percent(cpu.benchProcessCpuPercent)} (loop ${percent(cpu.nodeEventLoopBusyPercent)})${others}`;
  return `CPU node ${percent(cpu.nodeProcessCpuPercent)} (loop ${percent(cpu.nodeEventLoopBusyPercent)}), clients ${percent(cpu.benchProcessCpuPercent)}${others}`;
}

/** Other processes' CPU (in % of one core) above which a figure is flagged as disturbed. */
const OTHER_LOAD_WARNING_PERCENT = 15;

/** Left-aligned columns separated by two spaces; a rule under the header. */
export function renderTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

function headlineRows(result: HeadlineResult, target: NodeTarget): string[][] {
  const rows: string[][] = [];
  const { clientCreate } = result;
  rows.push([
    'Client create (new wallet), one at a time',
    `p50 ${ms(clientCreate.sequential.p50)} · p95 ${ms(clientCreate.sequential.p95)}`,
    `n=${clientCreate.sequential.count}`,
  ]);
  rows.push([
    `Client create, ${clientCreate.parallelism} at a time`,
    `p50 ${ms(clientCreate.parallel.p50)} · p95 ${ms(clientCreate.parallel.p95)}`,
    `n=${clientCreate.parallel.count}`,
  ]);
  for (const run of result.latency) {
    const whole = run.receivers > 1 ? `; whole group ${p50p99(run.wholeGroup)}` : '';
    rows.push([
      `Send → stream, ${run.receivers} receiver${run.receivers === 1 ? '' : 's'}`,
      p50p95p99(run.latency),
      `${count(run.messagesSent)} msgs × ${run.receivers}, ${run.missedDeliveries} missed${whole}; send() p50 ${ms(run.sendCall.p50)}; ${cpuNote(run.cpu, target)}`,
    ]);
  }
  for (const run of result.ingest) {
    const who =
      run.senders === 1 ? '1 sender' : `${run.senders} senders, ${run.layout === 'own-groups' ? 'own groups' : 'one shared group'}`;
    const failed = run.failedSenders > 0 ? `; ${run.failedSenders} senders failed: ${run.firstFailure}` : '';
    const first250 = run.senders === 1 && Number.isFinite(run.first250SendsMs) ? `; first 250 sends ${ms(run.first250SendsMs)}` : '';
    rows.push([
      `Ingest, ${who}`,
      perSecond(run.messagesPerSecond),
      `${count(run.messages)} msgs in ${run.seconds.toFixed(1)} s${first250}; send() ${p50p99(run.sendCall)}; ${cpuNote(run.cpu, target)}${failed}`,
    ]);
  }
  const sync = result.offlineSync;
  rows.push([
    `Sync ${count(sync.backlog)} missed msgs: group.sync()`,
    ms(sync.groupSyncMs),
    `${count(sync.messagesRead)}/${count(sync.backlog)} read; then messages() ${ms(sync.readMs)}; ${cpuNote(sync.cpu, target)} (both syncs)`,
  ]);
  rows.push([
    `Sync ${count(sync.backlog)} missed msgs: conversations.syncAll()`,
    ms(sync.syncAllMs),
    `${count(sync.messagesReadAfterSyncAll)}/${count(sync.backlog)} read`,
  ]);
  const memory = result.memory;
  const whose = target.placement === 'child' ? 'Node RSS' : 'Process RSS (node + clients)';
  rows.push([
    whose,
    `idle ${mb(memory.idleRssBytes)}`,
    `${mb(memory.withClientsRssBytes)} with clients, ${mb(memory.withStreamsOpenRssBytes)} with ${memory.streamsOpen} streaming, ${mb(memory.afterSdkRunsRssBytes)} after SDK runs, ${mb(memory.afterNodeOnlyRunsRssBytes)} after node-only runs`,
  ]);
  const { fanOut, ingest } = result.nodeOnly;
  rows.push([
    `Node only: fan-out to ${fanOut.subscribers} raw subscribers`,
    p50p99(fanOut.latency),
    `${count(fanOut.messagesSent)} msgs, ${fanOut.missedDeliveries} missed; ${cpuNote(fanOut.cpu, target)}`,
  ]);
  for (const run of ingest) {
    rows.push([
      `Node only: ingest, ${run.concurrency} lane${run.concurrency === 1 ? '' : 's'}`,
      perSecond(run.messagesPerSecond),
      `${count(run.messages)} msgs in ${run.seconds.toFixed(1)} s; send+query ${p50p99(run.roundTrip)}; ${cpuNote(run.cpu, target)}`,
    ]);
  }
  return rows;
}

function formatFigure(figure: ComparedFigure, value: number): string {
  return formatInUnit(COMPARED_FIGURES[figure].unit, value);
}

export function formatInUnit(unit: 'ms' | 'msg/s' | 'MB', value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === 'ms') return ms(value);
  if (unit === 'msg/s') return perSecond(value);
  return `${Math.round(value)} MB`;
}

function comparisonTable(comparison: ComparisonSummary): string {
  const headers = [
    'Figure',
    ...comparison.targets.map((target, index) => (index === 0 ? `${targetLabel(target)} (headline)` : targetLabel(target))),
  ];
  const rows = (Object.keys(COMPARED_FIGURES) as ComparedFigure[]).map((figure) => [
    `${COMPARED_FIGURES[figure].label}${COMPARED_FIGURES[figure].higherIsBetter ? ' ↑' : ' ↓'}`,
    ...comparison.targets.map((_, index) => {
      const value = formatFigure(figure, comparison.medians[index]![figure]);
      const ratio = comparison.ratios[index]![figure];
      return index === 0 || !Number.isFinite(ratio) ? value : `${value} (${ratio.toFixed(2)}×)`;
    }),
  ]);
  return renderTable(headers, rows);
}

/** The lines every report starts with: the run, the clients, the machine. */
export function reportHeader({ plan, seconds, machine }: Pick<BenchReport, 'plan' | 'seconds' | 'machine'>): string[] {
  return [
    `XMTP node benchmark: ${plan} run, ${Math.round(seconds)} s`,
    `Clients: real @xmtp/node-sdk ${machine.nodeSdk} (node-bindings ${machine.nodeBindings}), in-memory client databases, device sync off, loopback`,
    `Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGb} GB, ${machine.os}, Node ${machine.node}, SQLite ${machine.sqlite} (node file databases: ${SQLITE_MODE})`,
    '',
  ];
}

export function renderReport(report: BenchReport): string {
  const lines = reportHeader(report);
  lines.push(
    `Headline: node ${report.headlineTarget.placement === 'child' ? 'in its own child process' : "in the clients' process"}, ${report.headlineTarget.database === 'file' ? 'SQLite file' : "SQLite ':memory:'"}`,
  );
  if (report.headline) lines.push(renderTable(['Figure', 'Result', 'Detail'], headlineRows(report.headline, report.headlineTarget)));
  else lines.push(report.headlineFailure ? `  failed: ${report.headlineFailure}` : '  skipped (--no-headline)');
  if (report.comparison) {
    lines.push(
      '',
      `Comparison: median of ${report.comparison.rounds} round${report.comparison.rounds === 1 ? '' : 's'}, each with a fresh node and fresh clients; (ratio) = value ÷ headline's; ↑ higher is better, ↓ lower is better`,
      comparisonTable(report.comparison),
    );
    const others = report.comparison.maxOtherProcessesCpuPercent;
    if (others >= OTHER_LOAD_WARNING_PERCENT)
      lines.push(`  WARNING: other processes used up to ${percent(others)} CPU during some rounds; medians damp, not remove, that noise`);
    for (const failure of report.comparison.failures) lines.push(`  failed round: ${failure}`);
  }
  if (report.validation) lines.push('', ...validationSection(report.validation));
  else if (report.validationFailure) lines.push('', `Validation: failed: ${report.validationFailure}`);
  return lines.join('\n');
}

function validationSection({ costs, ingest }: ValidationResult): string[] {
  const perOp = (s: Summary) => `p50 ${ms(s.p50)} · mean ${ms(s.mean)}`;
  const costRows = costs.map((cost) => [
    `${cost.rpc}, ${cost.database === 'file' ? 'SQLite file' : ':memory:'}`,
    perOp(cost.validated),
    perOp(cost.unvalidated),
    Number.isFinite(cost.ratio) ? `${cost.ratio.toFixed(2)}×` : 'n/a',
    `n=${cost.validated.count}${cost.refused ? `; ${cost.refused} REFUSED: ${cost.firstRefusal}` : ''}`,
  ]);
  const ingestRows = ingest.map((run) => [
    run.rpc,
    `${Math.round(run.perSecond).toLocaleString('en-US')} req/s`,
    `${count(run.requests)} real requests, one at a time over one connection${run.refused ? `; ${run.refused} REFUSED` : ''}`,
  ]);
  return [
    'Validation: real requests through the API handler (decode + validation + store write) vs. decoded and written straight to the store',
    renderTable(['Request, store', 'Validated', 'Not validated', 'Ratio (p50)', 'Detail'], costRows),
    '',
    'Ingest with validation on: the same requests over gRPC into a fresh node (SQLite file)',
    renderTable(['Request', 'Throughput', 'Detail'], ingestRows),
  ];
}

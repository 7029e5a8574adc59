import { cpus } from 'node:os';
import type { BenchNode, NodeSample } from './nodeHost.ts';

/** What two processes did during a timed window. CPU is a percentage of one core (200% = both cores here). */
export interface CpuWindow {
  wallMs: number;
  /** The process that hosts the node (the child, or this process when in-process). */
  nodeProcessCpuPercent: number;
  /**
   * Share of the window the node's event loop was not waiting for events: running JavaScript, or
   * blocked in a synchronous call such as SQLite's fsync. Near 100% the node is the bottleneck;
   * well above its CPU share, it is waiting on the disk.
   */
  nodeEventLoopBusyPercent: number;
  /** This process: the SDK clients (their Rust threads included), plus the node when in-process. */
  benchProcessCpuPercent: number;
  /**
   * CPU used by everything else on the machine meanwhile (whole-machine busy time minus the two
   * processes above). Well above a few percent, something else competed for the cores and the
   * window's figures are suspect.
   */
  otherProcessesCpuPercent: number;
}

export interface CpuMeter {
  stop(): Promise<CpuWindow>;
}

/**
 * Starts measuring CPU and event-loop use: it tells whether a figure is limited by the node, by its
 * disk, or by the clients encrypting and decrypting on the same two cores.
 */
export async function startCpuMeter(node: BenchNode): Promise<CpuMeter> {
  const nodeBefore = await node.sample();
  const benchBefore = cpuMicros();
  const machineBefore = machineBusyMs();
  const startedAt = performance.now();
  return {
    stop: async () => {
      const wallMs = performance.now() - startedAt;
      const benchAfter = cpuMicros();
      const machineAfter = machineBusyMs();
      const nodeAfter = await node.sample();
      const percent = (micros: number) => (wallMs > 0 ? micros / 10 / wallMs : Number.NaN);
      const nodeProcessCpuPercent = percent(nodeAfter.cpuMicros - nodeBefore.cpuMicros);
      const benchProcessCpuPercent = percent(benchAfter - benchBefore);
      // In-process the node's counters are this process's: count them once.
      const ours = node.target.placement === 'child' ? nodeProcessCpuPercent + benchProcessCpuPercent : benchProcessCpuPercent;
      return {
        wallMs,
        nodeProcessCpuPercent,
        nodeEventLoopBusyPercent: eventLoopBusyPercent(nodeBefore, nodeAfter),
        benchProcessCpuPercent,
        otherProcessesCpuPercent: Math.max(0, percent((machineAfter - machineBefore) * 1000) - ours),
      };
    },
  };
}

function eventLoopBusyPercent(before: NodeSample, after: NodeSample): number {
  const active = after.eventLoopActiveMs - before.eventLoopActiveMs;
  const idle = after.eventLoopIdleMs - before.eventLoopIdleMs;
  return active + idle > 0 ? (100 * active) / (active + idle) : Number.NaN;
}

/** Busy (non-idle, non-iowait) time of all cores together since boot, in ms. */
function machineBusyMs(): number {
  return cpus().reduce((sum, { times }) => sum + times.user + times.nice + times.sys + times.irq, 0);
}

function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

export const megabytes = (bytes: number): number => bytes / (1024 * 1024);

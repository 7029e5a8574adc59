/** Messages between the benchmark and a node running in a child process (nodeChild.ts). */
export interface ChildStartConfig {
  database: string;
  /** Removed by the child once its node has stopped, even when the benchmark died first. */
  scratchDirectory?: string;
}

export type ChildRequest = { type: 'sample'; id: number } | { type: 'stop' };

export type ChildResponse = { type: 'ready'; grpcUrl: string } | ({ type: 'sample'; id: number } & ProcessSample);

/** A process's resource counters; CPU and event-loop figures are cumulative since it started. */
export interface ProcessSample {
  rssBytes: number;
  heapUsedBytes: number;
  /** User + system CPU time, all threads. */
  cpuMicros: number;
  /** Time the event loop spent running code or blocked in a synchronous call (an fsync, say), and waiting for events. */
  eventLoopActiveMs: number;
  eventLoopIdleMs: number;
}

export function sampleThisProcess(): ProcessSample {
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  return {
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    cpuMicros: cpu.user + cpu.system,
    eventLoopActiveMs: loop.active,
    eventLoopIdleMs: loop.idle,
  };
}

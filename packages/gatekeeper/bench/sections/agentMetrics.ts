/** The agent's Prometheus counters (`GET /metrics`), each summed over its labels. */
export async function readAgentMetrics(agentUrl: string): Promise<Map<string, number>> {
  const response = await fetch(`${agentUrl}/metrics`);
  if (!response.ok) throw new Error(`GET ${agentUrl}/metrics: ${response.status}`);
  const totals = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    const match = /^([a-z_]+)(?:\{[^}]*\})? (\S+)$/.exec(line);
    if (match) totals.set(match[1]!, (totals.get(match[1]!) ?? 0) + Number(match[2]));
  }
  return totals;
}

/** What the counters grew by between two readings. */
export function metricsDelta(before: Map<string, number>, after: Map<string, number>, name: string): number {
  return (after.get(name) ?? 0) - (before.get(name) ?? 0);
}

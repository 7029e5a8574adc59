/**
 * A small Prometheus registry: counters and gauges with labels, rendered in the text exposition
 * format. Enough for the agent's handful of series without a client library.
 */
type Labels = Record<string, string>;

interface Series {
  help: string;
  type: 'counter' | 'gauge';
  values: Map<string, number>;
}

export class Metrics {
  private readonly series = new Map<string, Series>();
  private readonly collectors: (() => void)[] = [];

  counter(name: string, help: string): (labels?: Labels, by?: number) => void {
    const series = this.define(name, help, 'counter');
    return (labels = {}, by = 1) => {
      const key = labelKey(labels);
      series.values.set(key, (series.values.get(key) ?? 0) + by);
    };
  }

  gauge(name: string, help: string): (value: number, labels?: Labels) => void {
    const series = this.define(name, help, 'gauge');
    return (value, labels = {}) => void series.values.set(labelKey(labels), value);
  }

  /** Runs before every render, to refresh gauges read from elsewhere (the store, the chain). */
  onCollect(collect: () => void | Promise<void>): void {
    this.collectors.push(collect);
  }

  async render(): Promise<string> {
    for (const collect of this.collectors) await collect();
    const lines: string[] = [];
    for (const [name, series] of this.series) {
      lines.push(`# HELP ${name} ${series.help}`, `# TYPE ${name} ${series.type}`);
      if (series.values.size === 0 && series.type === 'counter') lines.push(`${name} 0`);
      for (const [labels, value] of series.values) lines.push(`${name}${labels} ${value}`);
    }
    return `${lines.join('\n')}\n`;
  }

  private define(name: string, help: string, type: Series['type']): Series {
    const series = { help, type, values: new Map<string, number>() };
    this.series.set(name, series);
    return series;
  }
}

function labelKey(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([key, value]) => `${key}="${value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`).join(',')}}`;
}

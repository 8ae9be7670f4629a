/**
 * Draws the peers benchmark as an SVG file without a browser: throughput, p50 and p99 latency of
 * each server at each client count, as grouped bars. Latency panels use a log scale, because the
 * servers differ by orders of magnitude there.
 */

/** One bar group's values: a number per server key, in the order of `servers`. */
export interface ChartData {
  readonly servers: ReadonlyArray<{ readonly key: string; readonly label: string }>;
  readonly levels: readonly number[];
  /** value(server key, client count, metric) */
  readonly value: (server: string, clients: number, metric: Metric) => number;
}

export type Metric = 'throughput' | 'p50' | 'p99';

const COLORS = ['#d9480f', '#868e96', '#1c7ed6', '#2f9e44', '#ae3ec9'];
const PANEL_WIDTH = 300;
const PANEL_HEIGHT = 220;
const MARGIN = { top: 50, left: 60, bottom: 40, gap: 40 };

interface Panel {
  readonly metric: Metric;
  readonly title: string;
  readonly unit: string;
  readonly log: boolean;
  /** A target value, drawn as a dashed line. */
  readonly target?: number;
}

const PANELS: readonly Panel[] = [
  { metric: 'throughput', title: 'tools/call throughput', unit: 'requests/s', log: false },
  { metric: 'p50', title: 'p50 latency', unit: 'ms, log scale', log: true },
  { metric: 'p99', title: 'p99 latency', unit: 'ms, log scale', log: true, target: 5 },
];

/** Returns the SVG document. */
export function renderChart(data: ChartData): string {
  const width = MARGIN.left + PANELS.length * (PANEL_WIDTH + MARGIN.gap);
  const height = MARGIN.top + PANEL_HEIGHT + MARGIN.bottom + 20;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    legend(data),
  ];
  PANELS.forEach((panel, index) => parts.push(drawPanel(data, panel, MARGIN.left + index * (PANEL_WIDTH + MARGIN.gap))));
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function legend(data: ChartData): string {
  return data.servers
    .map((server, index) => {
      const x = MARGIN.left + index * 190;
      return `<rect x="${x}" y="10" width="12" height="12" fill="${COLORS[index % COLORS.length]}"/><text x="${x + 16}" y="20">${escapeXml(server.label)}</text>`;
    })
    .join('\n');
}

function drawPanel(data: ChartData, panel: Panel, left: number): string {
  const values = data.servers.flatMap((server) => data.levels.map((clients) => data.value(server.key, clients, panel.metric)));
  // The target is part of the range, so its line always falls inside the panel.
  const positive = [...values, panel.target ?? 0].filter((value) => value > 0);
  const scale = panel.log ? logScale(Math.min(...positive), Math.max(...positive)) : linearScale(Math.max(...positive));
  const top = MARGIN.top;
  const bottom = top + PANEL_HEIGHT;
  const parts = [
    `<text x="${left}" y="${top - 8}" font-weight="bold">${panel.title} (${panel.unit})</text>`,
    `<line x1="${left}" y1="${bottom}" x2="${left + PANEL_WIDTH}" y2="${bottom}" stroke="black"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" stroke="black"/>`,
  ];

  for (const tick of scale.ticks) {
    const y = bottom - scale.fraction(tick) * PANEL_HEIGHT;
    parts.push(`<line x1="${left - 3}" y1="${y}" x2="${left + PANEL_WIDTH}" y2="${y}" stroke="#dee2e6"/>`);
    parts.push(`<text x="${left - 5}" y="${y + 4}" text-anchor="end">${formatTick(tick)}</text>`);
  }

  const groupWidth = PANEL_WIDTH / data.levels.length;
  const barWidth = (groupWidth * 0.8) / data.servers.length;
  data.levels.forEach((clients, group) => {
    const groupLeft = left + group * groupWidth + groupWidth * 0.1;
    parts.push(`<text x="${groupLeft + groupWidth * 0.4}" y="${bottom + 15}" text-anchor="middle">${clients} client${clients === 1 ? '' : 's'}</text>`);
    data.servers.forEach((server, index) => {
      const value = data.value(server.key, clients, panel.metric);
      const barHeight = value > 0 ? scale.fraction(value) * PANEL_HEIGHT : 0;
      const x = groupLeft + index * barWidth;
      parts.push(`<rect x="${x.toFixed(1)}" y="${(bottom - barHeight).toFixed(1)}" width="${(barWidth - 1).toFixed(1)}" height="${barHeight.toFixed(1)}" fill="${COLORS[index % COLORS.length]}"><title>${escapeXml(server.label)}, ${clients} clients: ${formatTick(value)}</title></rect>`);
    });
  });

  // Drawn after the bars, so it stays visible across them.
  if (panel.target !== undefined) {
    const y = bottom - scale.fraction(panel.target) * PANEL_HEIGHT;
    parts.push(`<line x1="${left}" y1="${y}" x2="${left + PANEL_WIDTH}" y2="${y}" stroke="black" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${left + PANEL_WIDTH}" y="${y - 3}" text-anchor="end">target ${formatTick(panel.target)}</text>`);
  }

  return parts.join('\n');
}

interface Scale {
  readonly ticks: readonly number[];
  /** Position of a value from 0 (axis) to 1 (top). */
  fraction(value: number): number;
}

function linearScale(max: number): Scale {
  const step = niceStep(max / 5);
  const top = Math.ceil(max / step) * step;
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, index) => index * step);
  return { ticks, fraction: (value) => value / top };
}

function logScale(min: number, max: number): Scale {
  const low = Math.floor(Math.log10(min));
  const high = Math.max(Math.ceil(Math.log10(max)), low + 1);
  const ticks = Array.from({ length: high - low + 1 }, (_, index) => 10 ** (low + index));
  // Bars start one decade below the smallest tick, so the smallest value still shows a bar.
  return { ticks, fraction: (value) => (Math.log10(value) - (low - 1)) / (high - (low - 1)) };
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const leading = raw / power;
  for (const step of [1, 2, 5]) {
    if (leading <= step) {
      return step * power;
    }
  }
  return 10 * power;
}

function formatTick(value: number): string {
  if (value >= 1000) {
    return `${(value / 1000).toFixed(value >= 10_000 ? 0 : 1)}k`;
  }
  if (value >= 10) {
    return value.toFixed(0);
  }
  return value >= 1 ? value.toFixed(1) : value.toPrecision(1);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

import type { LogEntry } from './trainer-state';

/** Layout of `renderLossCurveSvg`. */
export interface LossCurveOptions {
  /** Eval metric to draw on the right axis, without the `eval_` prefix. Default: the first `eval_*` key logged other than the loss. */
  readonly metric?: string;
  readonly width?: number;
  readonly height?: number;
}

interface Point {
  readonly step: number;
  readonly value: number;
}

const MARGIN = { left: 64, right: 64, top: 36, bottom: 44 };
const LOSS_COLOR = '#1f77b4';
const METRIC_COLOR = '#d62728';
const EVAL_LOSS_COLOR = '#ff7f0e';
const TICKS = 5;
// Not metrics to plot; `eval_loss` is drawn with the training loss, on the loss axis.
const NON_METRIC_KEYS = new Set(['eval_loss', 'eval_runtime', 'eval_samples', 'eval_samples_per_second', 'eval_steps_per_second']);

/**
 * A small standalone SVG line plot of `log_history`: training and eval loss per step on one left axis (one
 * range, so the two losses compare by eye), and one other eval metric (accuracy, ...) on the right axis.
 * Written by hand, no dependencies.
 */
export function renderLossCurveSvg(logHistory: readonly LogEntry[], options: LossCurveOptions = {}): string {
  const width = options.width ?? 640;
  const height = options.height ?? 360;
  const asked = options.metric === undefined ? undefined : `eval_${options.metric.replace(/^eval_/, '')}`;
  const metricKey = asked === 'eval_loss' ? undefined : (asked ?? firstMetricKey(logHistory));
  const loss = series(logHistory, 'loss');
  const evalLoss = series(logHistory, 'eval_loss');
  const metric = metricKey === undefined ? [] : series(logHistory, metricKey);
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const lastStep = [...loss, ...evalLoss, ...metric].reduce((largest, point) => Math.max(largest, point.step), 1);
  const x = (step: number): number => MARGIN.left + (step / lastStep) * plotWidth;
  const lossRange = range([...loss, ...evalLoss]);
  const metricRange = range(metric);
  const y = ([low, high]: [number, number], value: number): number => MARGIN.top + (1 - (value - low) / (high - low)) * plotHeight;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#999999"/>`,
  ];
  for (let tick = 0; tick <= TICKS; tick += 1) {
    const step = (lastStep * tick) / TICKS;
    parts.push(`<text x="${fixed(x(step))}" y="${height - MARGIN.bottom + 16}" text-anchor="middle">${formatTick(step)}</text>`);
    const fraction = tick / TICKS;
    const top = MARGIN.top + (1 - fraction) * plotHeight;
    parts.push(`<line x1="${MARGIN.left}" y1="${fixed(top)}" x2="${MARGIN.left + plotWidth}" y2="${fixed(top)}" stroke="#eeeeee"/>`);
    if (loss.length > 0 || evalLoss.length > 0) {
      const value = lossRange[0] + fraction * (lossRange[1] - lossRange[0]);
      parts.push(`<text x="${MARGIN.left - 6}" y="${fixed(top + 4)}" text-anchor="end" fill="${LOSS_COLOR}">${formatTick(value)}</text>`);
    }
    if (metric.length > 0) {
      const value = metricRange[0] + fraction * (metricRange[1] - metricRange[0]);
      parts.push(`<text x="${MARGIN.left + plotWidth + 6}" y="${fixed(top + 4)}" fill="${METRIC_COLOR}">${formatTick(value)}</text>`);
    }
  }
  parts.push(`<text x="${MARGIN.left + plotWidth / 2}" y="${height - 8}" text-anchor="middle">step</text>`);
  if (loss.length > 0) {
    parts.push(polyline(loss.map((point) => [x(point.step), y(lossRange, point.value)]), LOSS_COLOR));
  }
  if (evalLoss.length > 0) {
    parts.push(polyline(evalLoss.map((point) => [x(point.step), y(lossRange, point.value)]), EVAL_LOSS_COLOR));
    for (const point of evalLoss) {
      parts.push(`<circle cx="${fixed(x(point.step))}" cy="${fixed(y(lossRange, point.value))}" r="3" fill="${EVAL_LOSS_COLOR}"/>`);
    }
  }
  if (metric.length > 0) {
    parts.push(polyline(metric.map((point) => [x(point.step), y(metricRange, point.value)]), METRIC_COLOR));
    for (const point of metric) {
      parts.push(`<circle cx="${fixed(x(point.step))}" cy="${fixed(y(metricRange, point.value))}" r="3" fill="${METRIC_COLOR}"/>`);
    }
  }
  if (loss.length === 0 && evalLoss.length === 0 && metric.length === 0) {
    parts.push(`<text x="${width / 2}" y="${height / 2}" text-anchor="middle" fill="#666666">no logged values yet</text>`);
  }
  parts.push(`<text x="${MARGIN.left}" y="20" fill="${LOSS_COLOR}">training loss</text>`);
  if (evalLoss.length > 0) parts.push(`<text x="${MARGIN.left + 90}" y="20" fill="${EVAL_LOSS_COLOR}">eval loss</text>`);
  if (metricKey !== undefined && metric.length > 0) {
    parts.push(`<text x="${MARGIN.left + plotWidth}" y="20" text-anchor="end" fill="${METRIC_COLOR}">${escapeXml(metricKey)}</text>`);
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function series(logHistory: readonly LogEntry[], key: string): Point[] {
  const points: Point[] = [];
  for (const entry of logHistory) {
    const value = entry[key];
    const step = entry.step;
    if (value !== undefined && step !== undefined && Number.isFinite(value)) points.push({ step, value });
  }
  return points;
}

function firstMetricKey(logHistory: readonly LogEntry[]): string | undefined {
  for (const entry of logHistory) {
    const key = Object.keys(entry).find((name) => name.startsWith('eval_') && !NON_METRIC_KEYS.has(name));
    if (key !== undefined) return key;
  }
  return undefined;
}

function range(points: readonly Point[]): [number, number] {
  if (points.length === 0) return [0, 1];
  // reduce, not Math.min(...values): long runs would overflow the argument limit.
  const low = points.reduce((smallest, point) => Math.min(smallest, point.value), Number.POSITIVE_INFINITY);
  const high = points.reduce((largest, point) => Math.max(largest, point.value), Number.NEGATIVE_INFINITY);
  // A flat series still needs a non-empty range to draw in.
  const pad = high === low ? Math.max(Math.abs(high) * 0.05, 1e-3) : (high - low) * 0.05;
  return [low - pad, high + pad];
}

function polyline(points: ReadonlyArray<readonly [number, number]>, color: string): string {
  const coordinates = points.map(([left, top]) => `${fixed(left)},${fixed(top)}`).join(' ');
  return `<polyline points="${coordinates}" fill="none" stroke="${color}" stroke-width="1.5"/>`;
}

function fixed(value: number): string {
  return value.toFixed(1);
}

function formatTick(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(3);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

import type { BenchRun } from "./result";

const WIDTH = 640;
const HEIGHT = 360;
const MARGIN = { left: 60, right: 70, top: 30, bottom: 50 };

/**
 * Plan time (left axis) and peak memory (right axis) against the number of
 * apps, as a self-contained SVG: two polylines need no chart library.
 */
export function renderChart(runs: readonly BenchRun[]): string {
  const sorted = [...runs].sort((a, b) => a.apps - b.apps);
  const maxApps = Math.max(1, ...sorted.map((r) => r.apps));
  const maxSeconds = niceCeiling(Math.max(...sorted.map((r) => r.seconds), 1));
  const maxMiB = niceCeiling(Math.max(...sorted.map((r) => r.peakRssMiB), 1));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (apps: number) => MARGIN.left + (apps / maxApps) * plotW;
  const y = (value: number, max: number) => MARGIN.top + plotH - (value / max) * plotH;
  const line = (values: [number, number][], max: number) => values.map(([a, v]) => `${x(a).toFixed(1)},${y(v, max).toFixed(1)}`).join(" ");
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const bottom = MARGIN.top + plotH;

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="18" text-anchor="middle" font-size="14">Offline plan: time and peak memory by number of apps</text>`,
    `<line x1="${MARGIN.left}" y1="${bottom}" x2="${MARGIN.left + plotW}" y2="${bottom}" stroke="black"/>`,
    `<line x1="${MARGIN.left}" y1="${MARGIN.top}" x2="${MARGIN.left}" y2="${bottom}" stroke="#1f77b4"/>`,
    `<line x1="${MARGIN.left + plotW}" y1="${MARGIN.top}" x2="${MARGIN.left + plotW}" y2="${bottom}" stroke="#d62728"/>`,
    ...ticks.flatMap((t) => [
      `<line x1="${MARGIN.left}" y1="${y(t * maxSeconds, maxSeconds)}" x2="${MARGIN.left + plotW}" y2="${y(t * maxSeconds, maxSeconds)}" stroke="#eee"/>`,
      `<text x="${MARGIN.left - 6}" y="${y(t * maxSeconds, maxSeconds) + 4}" text-anchor="end" fill="#1f77b4">${round(t * maxSeconds)}</text>`,
      `<text x="${MARGIN.left + plotW + 6}" y="${y(t * maxMiB, maxMiB) + 4}" fill="#d62728">${round(t * maxMiB)}</text>`,
    ]),
    ...sorted.map((r) => `<text x="${x(r.apps)}" y="${bottom + 16}" text-anchor="middle">${r.apps}</text>`),
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 10}" text-anchor="middle">apps</text>`,
    `<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#1f77b4">plan time (s)</text>`,
    `<text transform="translate(${WIDTH - 14} ${MARGIN.top + plotH / 2}) rotate(90)" text-anchor="middle" fill="#d62728">peak RSS (MiB)</text>`,
    `<polyline fill="none" stroke="#1f77b4" stroke-width="2" points="${line(
      sorted.map((r) => [r.apps, r.seconds]),
      maxSeconds,
    )}"/>`,
    `<polyline fill="none" stroke="#d62728" stroke-width="2" stroke-dasharray="6 3" points="${line(
      sorted.map((r) => [r.apps, r.peakRssMiB]),
      maxMiB,
    )}"/>`,
    ...sorted.flatMap((r) => [
      `<circle cx="${x(r.apps)}" cy="${y(r.seconds, maxSeconds)}" r="3" fill="#1f77b4"/>`,
      `<circle cx="${x(r.apps)}" cy="${y(r.peakRssMiB, maxMiB)}" r="3" fill="#d62728"/>`,
    ]),
    "</svg>",
    "",
  ].join("\n");
}

/** The next 1, 2 or 5 times a power of ten at or above `value`, so axis labels stay round. */
function niceCeiling(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= value) ?? 10 * power;
}

const round = (value: number) => (value >= 10 ? Math.round(value) : Math.round(value * 10) / 10);

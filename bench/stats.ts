/** Median and 99th percentile (nearest rank) of a set of samples, in the samples' unit. */
export function summarize(samples: number[]): { median: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return { median: round(rank(0.5)), p99: round(rank(0.99)) };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** Runs `fn` `count` times after `warmup` untimed runs; returns the duration of each run in ms. */
export async function time(
  count: number,
  fn: () => unknown,
  warmup = Math.min(50, count),
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples;
}

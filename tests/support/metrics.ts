// Reads Prometheus text exposition as a scraper would, for the /metrics tests of the station and server.

/**
 * `name{label="v",…} value` lines, keyed by name and sorted labels (`name{a=1,b=2}`); labels named in
 * `ignore` are left out of the key. Throws on a line that is not a sample, so a malformed scrape fails.
 */
export function parseMetrics(text: string, ignore: readonly string[] = []): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels = [...(match[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)]
      .filter(([, k]) => !ignore.includes(k!))
      .map(([, k, v]) => `${k}=${v}`)
      .sort();
    samples.set(`${match[1]}{${labels.join(',')}}`, Number(match[4]));
  }
  return samples;
}

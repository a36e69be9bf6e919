// The loop of the crash scripts (./crash-writer.ts, ./sync/crash-station.ts): registers visits through the
// API as fast as it can and prints "ok <visitId>" for each one the API has confirmed, until killed.
import type { Station } from '../../src/main/station';

export async function registerForever(
  station: Station,
  hostId: string,
  visitorTypeId: string,
): Promise<never> {
  const client = station.client({ role: 'reception', userId: null });
  for (let i = 0; ; i++) {
    const visit = await client.visits.register({
      visitor: { name: `Crash Visitor ${process.pid}-${i}` },
      hostId,
      visitorTypeId,
    });
    process.stdout.write(`ok ${visit.id}\n`);
    // Let I/O callbacks run between writes (the crash writer's stdin watch), or the loop never yields.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

// `npm run serve -- [--port 4310] [--host 127.0.0.1] [--data-dir DIR] [--demo] [--kind kiosk|desk|gate]
//                    [--language en|es|fr|de] [--site ID]`
// Runs the station core and serves its screen for browser kiosks (`chromium --kiosk URL`) and tests.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { languageSchema, stationKindSchema } from '../../shared/domain';
import { startStation } from '../station';
import { createWebHost } from './server';

export async function serve(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '4310' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string', default: path.resolve('data') },
      demo: { type: 'boolean', default: false },
      kind: { type: 'string' },
      language: { type: 'string' },
      site: { type: 'string' },
      'renderer-dir': { type: 'string' },
    },
  });
  const kind = values.kind === undefined ? undefined : stationKindSchema.parse(values.kind);
  const language = values.language === undefined ? undefined : languageSchema.parse(values.language);
  const station = await startStation({
    dataDir: values['data-dir'],
    demo: values.demo,
    ...(kind ? { preset: { kind, language, siteId: values.site } } : {}),
  });
  const app = await createWebHost(station, {
    rendererDir: values['renderer-dir'],
    allowedHosts: values.host === '127.0.0.1' ? [] : [values.host],
  });
  await app.listen({ port: Number(values.port), host: values.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : values.port;
  console.log(
    `Gatehouse station ready at http://${values.host === '0.0.0.0' ? '127.0.0.1' : values.host}:${port}/`,
  );

  const stop = async () => {
    await app.close();
    await station.close(); // switches every relay off before the process ends
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  serve(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

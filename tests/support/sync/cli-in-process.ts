// The sync server's command line run in this process (runCli, as `npm run server -- …` would): its exit
// code and everything it printed, for tests that check what an operator sees.
import { vi } from 'vitest';
import { runCli } from '../../../src/cli/args';
import { serverCli } from '../../../src/server/cli';

export async function serverCliInProcess(argv: string[]): Promise<{ code: number; output: string }> {
  const out: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  try {
    return { code: await runCli(serverCli, argv), output: out.join('\n') };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}

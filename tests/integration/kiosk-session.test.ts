// The browser kiosk's session script (deploy/kiosk/gatehouse-kiosk-session) on a real station web host,
// with a stand-in for Chromium (a process that records its start and waits): it starts the browser again
// when it dies, ignores a staff exit made before the session began and a refused one, and ends the session
// (exit 0, browser closed) once an admin leaves kiosk mode on the screen (station.exitKiosk).
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { as, tempStation, type TestStation } from '../support/station';
import { until } from '../support/until';
import { startWebClientHost, type WebClientHost } from '../support/web-client';

const SCRIPT = path.resolve('deploy/kiosk/gatehouse-kiosk-session');

let station: TestStation;
let web: WebClientHost;
let dir: string;
let session: ChildProcess | undefined;
beforeEach(async () => {
  station = await tempStation({ preset: { kind: 'kiosk' } });
  web = await startWebClientHost(station);
  dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-session-'));
});
afterEach(async () => {
  if (session?.pid && session.exitCode === null) process.kill(-session.pid, 'SIGKILL');
  await web.close();
  await station.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const exitAs = async (login: string, secret: string) => {
  const { token } = await station.client(as('visitor')).session.signIn({ login, secret });
  return web.post('station.exitKiosk', {}, { token });
};
const starts = () => {
  const file = path.join(dir, 'starts');
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.endsWith('/'))
    : [];
};
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the browser kiosk session', () => {
  it('restarts the browser, and ends only after a staff exit made during the session', async () => {
    expect((await exitAs('reception', '2222')).status).toBe(200); // before the session: not for it
    const browser = path.join(dir, 'chromium');
    writeFileSync(browser, `#!/bin/sh\necho "$$ $*" >> "${dir}/starts"\nexec sleep 600\n`);
    chmodSync(browser, 0o755);
    session = spawn('sh', [SCRIPT], {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        HOME: dir,
        GATEHOUSE_KIOSK_URL: `http://127.0.0.1:${web.port}/`,
        GATEHOUSE_KIOSK_BROWSER: browser,
        GATEHOUSE_KIOSK_POLL_SECONDS: '0.2',
      },
    });
    let stderr = '';
    session.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const ended = new Promise<number | null>((resolve) => session!.once('exit', (code) => resolve(code)));

    await until(() => starts().length === 1, 'the browser started');
    expect(starts()[0]).toContain(`--kiosk`);
    expect(starts()[0]).toContain(`--app=http://127.0.0.1:${web.port}/`);

    // The browser crashed: the session starts it again.
    process.kill(Number(starts()[0]!.split(' ')[0]), 'SIGKILL');
    await until(() => starts().length === 2, 'the browser started again');

    // A host may not leave kiosk mode: the session goes on.
    expect((await exitAs('host', '4444')).status).toBe(403);
    await new Promise((r) => setTimeout(r, 1000));
    expect(session.exitCode).toBeNull();

    const exit = await exitAs('admin', '1111');
    expect(exit.status).toBe(200);
    expect(await ended).toBe(0);
    expect(stderr).toContain(`staff left kiosk mode (exit ${exit.body.requestId as string})`);
    expect(alive(Number(starts()[1]!.split(' ')[0]))).toBe(false);
    expect(starts()).toHaveLength(2);
  }, 60_000);
});

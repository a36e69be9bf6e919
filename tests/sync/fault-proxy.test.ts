import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';

// An echo server behind the proxy: what goes in comes back, unless the proxy interferes.
async function echoServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
    s.pipe(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Sends text and resolves with the first answer, 'closed' if the connection ends, 'silent' after waitMs. */
function roundTrip(port: number, text: string, waitMs = 300): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    const timer = setTimeout(() => {
      socket.destroy();
      resolve('silent');
    }, waitMs);
    socket.on('data', (d) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(d.toString());
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve('closed');
    });
  });
}

describe('fault proxy', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  async function setup(): Promise<FaultProxy> {
    const echo = await echoServer();
    cleanups.push(echo.close);
    const proxy = await startFaultProxy(echo.port);
    cleanups.push(proxy.close);
    return proxy;
  }

  it('passes bytes through untouched when healthy', async () => {
    const proxy = await setup();
    expect(await roundTrip(proxy.port, 'hello')).toBe('hello');
  });

  it('drops: nothing comes back until healed, then traffic flows again', async () => {
    const proxy = await setup();
    proxy.drop(true);
    expect(await roundTrip(proxy.port, 'lost')).toBe('silent');
    proxy.drop(false);
    expect(await roundTrip(proxy.port, 'back')).toBe('back');
  });

  it('delays: an answer slower than the caller waits is not seen in time', async () => {
    const proxy = await setup();
    proxy.delay(400);
    expect(await roundTrip(proxy.port, 'slow', 150)).toBe('silent');
    expect(await roundTrip(proxy.port, 'slow', 2_000)).toBe('slow');
  });

  it('cuts every open connection at once', async () => {
    const proxy = await setup();
    proxy.delay(1_000); // keep the exchange open long enough to cut it
    const pending = roundTrip(proxy.port, 'cut me', 3_000);
    await new Promise((r) => setTimeout(r, 100));
    proxy.cut();
    expect(await pending).toBe('closed');
  });
});

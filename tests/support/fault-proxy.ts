// A TCP proxy between real station processes and a real server, for fault injection: it can cut every
// open connection, delay every chunk, or drop (blackhole) new and open connections until healed; and send
// new connections elsewhere (retarget), as a load balancer does during a rolling restart.
import net from 'node:net';

export interface FaultProxy {
  /** The local port stations should dial. */
  readonly port: number;
  /** Destroys every open connection now (both sides see a reset). */
  cut(): void;
  /** Holds every chunk this long before passing it on (0: none). */
  delay(ms: number): void;
  /** While true, new connections are accepted and never answered, and open ones swallow their bytes. */
  drop(on: boolean): void;
  /** New connections go to this port from now on (a load balancer moving traffic); open ones stay. */
  retarget(port: number): void;
  close(): Promise<void>;
}

export async function startFaultProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<FaultProxy> {
  const open = new Set<net.Socket>();
  let delayMs = 0;
  let dropping = false;
  let target = targetPort;

  const pipe = (from: net.Socket, to: net.Socket) => {
    from.on('data', (chunk) => {
      if (dropping) return;
      if (delayMs === 0) to.write(chunk);
      else setTimeout(() => to.destroyed || to.write(chunk), delayMs);
    });
    from.on('end', () => setTimeout(() => to.end(), delayMs));
  };

  const server = net.createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => client.destroy());
    if (dropping) return; // accepted, never forwarded: the station's timeout must notice
    const upstream = net.connect(target, targetHost);
    open.add(upstream);
    upstream.on('close', () => {
      open.delete(upstream);
      client.destroy();
    });
    client.on('close', () => upstream.destroy());
    upstream.on('error', () => upstream.destroy());
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    cut: () => {
      for (const s of open) s.resetAndDestroy();
    },
    delay: (ms) => {
      delayMs = ms;
    },
    drop: (on) => {
      dropping = on;
    },
    retarget: (port) => {
      target = port;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}

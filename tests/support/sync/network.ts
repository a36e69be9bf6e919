// A simulated network between stations and the in-process server: it drops requests and responses,
// delays requests past the station's timeout (delivered later, out of order), duplicates them, and
// partitions stations. Every fault is drawn from the seeded Rng.
import type { SyncTransport } from '../../../src/main/sync/engine';
import type { PullRequest, PushRequest } from '../../../src/shared/sync';
import type { Rng } from './rng';
import type { World } from './world';

export class NetworkError extends Error {
  override name = 'NetworkError';
}

export interface FaultRates {
  dropRequest: number;
  dropResponse: number;
  delay: number;
  duplicate: number;
}

export const NO_FAULTS: FaultRates = { dropRequest: 0, dropResponse: 0, delay: 0, duplicate: 0 };

export class SimNetwork {
  readonly partitioned = new Set<string>();
  rates: FaultRates;
  private step = 0;
  private inFlight: { due: number; deliver: () => Promise<unknown> }[] = [];
  /** Deliveries that reached the server (including late and duplicate ones). */
  delivered = 0;

  constructor(
    private readonly world: World,
    private readonly rng: Rng,
    rates: FaultRates,
  ) {
    this.rates = rates;
  }

  transport(credential: string): SyncTransport {
    const call = async (kind: 'push' | 'pull', request: PushRequest | PullRequest) => {
      if (this.partitioned.has(credential)) throw new NetworkError('partitioned');
      const late = () => {
        this.delivered++;
        return this.world.deliver(credential, kind, request);
      };
      if (this.rng.chance(this.rates.dropRequest)) throw new NetworkError('request lost');
      if (this.rng.chance(this.rates.delay)) {
        this.inFlight.push({ due: this.step + 1 + this.rng.int(6), deliver: late });
        throw new NetworkError('timed out');
      }
      const response = await late();
      if (this.rng.chance(this.rates.duplicate))
        this.inFlight.push({ due: this.step + this.rng.int(6), deliver: late });
      if (this.rng.chance(this.rates.dropResponse)) throw new NetworkError('response lost');
      return response;
    };
    return { push: (r) => call('push', r) as never, pull: (r) => call('pull', r) as never };
  }

  /** Advances one step and delivers, in random order, the late messages now due. */
  async tick(): Promise<void> {
    this.step++;
    const due = this.inFlight.filter((m) => m.due <= this.step);
    this.inFlight = this.inFlight.filter((m) => m.due > this.step);
    while (due.length > 0) {
      const [message] = due.splice(this.rng.int(due.length), 1);
      await message?.deliver().catch(() => undefined); // nobody waits for the answer any more
    }
  }

  /** Delivers everything still in flight (healing). */
  async flush(): Promise<void> {
    while (this.inFlight.length > 0) {
      this.step += 100;
      await this.tick();
    }
  }
}

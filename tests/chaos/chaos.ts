// The chaos run of issue #21: a real sync server and real station processes (a desk, a kiosk and a gate
// of one site, a desk of a second site), driven only through their public HTTP APIs, with random
// operations and random faults drawn from one seeded PRNG, so a seed replays the same run:
//   operations: pre-register, check in, check out, kiosk walk-in (with or without the host's approval),
//     approve, watchlist add and expire (tried at every kind of station: kiosks and gates must refuse
//     up front), pass revoke, incident raise;
//   faults: the TCP proxy between stations and server cuts every connection, delays every chunk or drops
//     everything until healed; the server is SIGKILLed and started again on its data; a station is
//     SIGKILLed and started again on its data; one station of the first site runs 3 days ahead or behind
//     (libfaketime) for the whole run.
// With `database` (a PostgreSQL URL) the server is two instances sharing that database, each behind its
// own proxy, the stations split between them (so a site's stations hear each other across instances); a
// server fault kills one instance, and a rolling restart stops each instance gracefully in turn while its
// proxy sends new connections to the other (issue #19).
// Then every fault is healed and, once every station has caught up, the checks: every acknowledged write
// is present exactly once at every station of its site (the watchlist at every station), no status went
// backwards at any station, nothing of one site shows at the other, and every station's audit chain
// verifies. `runChaos` returns the problems found (none: the seed converged).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AUTHORED_BY } from '../../src/shared/authorship';
import { VISIT_STATUS_RANK } from '../../src/shared/merge';
import type { VisitStatus } from '../../src/shared/domain';
import { newId } from '../../src/shared/ids';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy';
import {
  ADMIN_LOGIN,
  ADMIN_PIN,
  enrolledStation,
  processSite,
  type ProcessSite,
} from '../support/sync/process-fleet';
import { Rng } from '../support/sync/rng';
import { adminCall } from '../support/sync/server';
import { startServerProcess, type ServerProcess } from '../support/sync/server-process';
import type { ApiAnswer, StationProcess } from '../support/sync/station-process';

export interface ChaosOptions {
  /** Operations (and faults between them) per run. */
  steps?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
  /** How long the healed fleet may take to catch up before the run counts as not converged. */
  settleMs?: number;
  /** A PostgreSQL database (empty) for two server instances; none: one server on its SQLite file. */
  database?: string;
}

export interface ChaosResult {
  seed: number;
  problems: string[];
  /** Acknowledged writes, by kind. */
  acked: Record<string, number>;
  /** Faults injected, by kind. */
  faults: Record<string, number>;
  /** The station running with a shifted clock, and by how much. */
  skew: { station: string; faketime: string } | null;
}

/** How to run one seed again. */
export const replayCommand = (seed: number, steps: number, postgres = false) =>
  `npm run chaos -- --seed ${seed} --steps ${steps}${postgres ? ' --pg' : ''}`;

const ADMIN_TOKEN = 'chaos-admin';
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

interface Node {
  name: string;
  role: 'kiosk' | 'desk' | 'gate';
  site: ProcessSite;
  process: StationProcess;
  token: string | null;
  up: boolean;
  /** The last status read here of each visit, to see a status go backwards. */
  seen: Map<string, VisitStatus>;
}

interface TrackedVisit {
  id: string;
  siteId: string;
  name: string;
  /** The highest status an acknowledged write gave it. */
  status: VisitStatus;
  passToken?: string;
}

const rankOf = (s: VisitStatus) => VISIT_STATUS_RANK[s];

/** One server instance, on its port for the whole run, and the proxy its stations dial. */
interface Instance {
  name: string;
  dir: string;
  port: number;
  process: ServerProcess | undefined;
  proxy: FaultProxy;
  /** Steps left before a killed instance comes back (0: up). */
  down: number;
}

export async function runChaos(seed: number, options: ChaosOptions = {}): Promise<ChaosResult> {
  const steps = options.steps ?? 30;
  const log = options.log ?? (() => undefined);
  const rng = new Rng(seed);
  const dir = mkdtempSync(path.join(tmpdir(), `gatehouse-chaos-${seed}-`));
  const problems: string[] = [];
  const acked: Record<string, number> = {};
  const faults: Record<string, number> = {};
  const count = (into: Record<string, number>, key: string) => (into[key] = (into[key] ?? 0) + 1);
  const instances: Instance[] = [];
  const nodes: Node[] = [];
  const serverEnv = {
    ADMIN_TOKEN,
    ...(options.database ? { GATEHOUSE_DATABASE_URL: options.database } : {}),
  };

  try {
    // One after the other: the first instance creates the schema.
    for (const name of options.database ? ['server-1', 'server-2'] : ['server']) {
      const serverDir = path.join(dir, name);
      const started = await startServerProcess(serverDir, 0, serverEnv);
      const port = Number(new URL(started.url).port);
      const proxy = await startFaultProxy(port);
      instances.push({ name, dir: serverDir, port, process: started, proxy, down: 0 });
    }
    const serverUrl = instances[0]!.process!.url;
    const admin = (route: string, body: unknown) => adminCall(serverUrl, ADMIN_TOKEN, route, body);
    const siteA = await processSite(serverUrl, ADMIN_TOKEN, 'first');
    const siteB = await processSite(serverUrl, ADMIN_TOKEN, 'second');
    // A visitor type that needs the host's approval, for the kiosk's walk-ins that wait for the desk.
    const approvalTypeId = newId();
    await admin('/admin/ops', {
      ops: [
        {
          type: 'visitorType.upsert',
          entityId: approvalTypeId,
          siteId: siteA.id,
          payload: {
            siteId: siteA.id,
            names: { en: 'Contractor' },
            color: '#333',
            requiresApproval: true,
            createdAt: new Date().toISOString(),
          },
        },
      ],
    });

    const skewed = rng.pick(['kiosk', 'gate', null] as const);
    const faketime = rng.chance(0.5) ? '+3d' : '-3d';
    const skew = skewed ? { station: `a-${skewed}`, faketime } : null;
    const quiet = { onStderr: (line: string) => log(`  stderr: ${line}`) };
    const layout = [
      ['a-desk', 'desk', siteA],
      ['a-kiosk', 'kiosk', siteA],
      ['a-gate', 'gate', siteA],
      ['b-desk', 'desk', siteB],
    ] as const;
    // Side by side (each waits mostly on its own start-up and enrollment); the nodes keep the layout's order.
    const started = await Promise.allSettled(
      layout.map(async ([name, role, site], i) => {
        // With two instances: a-desk and a-gate on the first, a-kiosk and b-desk on the second.
        const viaProxy = `http://127.0.0.1:${instances[i % instances.length]!.proxy.port}`;
        const process = await enrolledStation(viaProxy, ADMIN_TOKEN, site, role, path.join(dir, name), {
          ...quiet,
          ...(skew?.station === name ? { faketime: skew.faketime } : {}),
        }).catch((error: unknown) => {
          throw new Error(`${name} did not start: ${String(error)}`);
        });
        return { name, role, site, process, token: null, up: true, seen: new Map() } satisfies Node;
      }),
    );
    // Every station that did start is a node, so the clean-up kills it even when another did not start.
    for (const outcome of started) if (outcome.status === 'fulfilled') nodes.push(outcome.value);
    const failedStart = started.find((o) => o.status === 'rejected');
    if (failedStart) throw failedStart.reason;
    log(
      `seed ${seed}: ${skew ? `${skew.station} runs ${skew.faketime}` : 'no clock skew'}, ${steps} steps, ${instances.length} server instance(s)`,
    );

    /** Calls a method as the admin at a station; null when the station could not be reached. */
    const call = async (node: Node, method: string, body: unknown = {}): Promise<ApiAnswer | null> => {
      if (!node.up) return null;
      try {
        node.token ??= await node.process.signIn(ADMIN_LOGIN, ADMIN_PIN);
        let answer = await node.process.call(method, body, node.token);
        if (answer.status === 401) {
          node.token = await node.process.signIn(ADMIN_LOGIN, ADMIN_PIN);
          answer = await node.process.call(method, body, node.token);
        }
        return answer;
      } catch {
        return null;
      }
    };

    const visits: TrackedVisit[] = [];
    /** Walk-ins the kiosk refused as over its arrival limits: each must have left no visit anywhere. */
    const refusedWalkIns: string[] = [];
    const watchlist: { id: string; expired: boolean }[] = [];
    const incidents: { id: string; siteId: string; title: string }[] = [];
    const revoked: { passId: string; visitId: string; siteId: string }[] = [];
    const randomName = () =>
      ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald'][rng.int(6)] +
      ' ' +
      Array.from({ length: 8 }, () => LETTERS[rng.int(26)])
        .join('')
        .replace(/^./, (c) => c.toUpperCase());
    const nodesOf = (siteId: string) => nodes.filter((n) => n.site.id === siteId);
    const pickNode = (roles: Node['role'][], siteId?: string) =>
      rng.pick(nodes.filter((n) => roles.includes(n.role) && (!siteId || n.site.id === siteId)));
    const advance = (visit: TrackedVisit, status: VisitStatus) => {
      if (rankOf(status) > rankOf(visit.status)) visit.status = status;
    };

    const operations: Record<string, () => Promise<void>> = {
      preRegister: async () => {
        const node = pickNode(['desk'])!;
        const name = randomName();
        const answer = await call(node, 'visits.preRegister', {
          visitor: { name },
          hostId: node.site.hostId,
          visitorTypeId: node.site.typeId,
          expectedAt: new Date(Date.now() + 3_600_000).toISOString(),
        });
        if (answer?.status !== 200) return;
        visits.push({ id: answer.body.id as string, siteId: node.site.id, name, status: 'expected' });
        count(acked, 'preRegister');
      },
      walkIn: async () => {
        const node = nodes.find((n) => n.name === 'a-kiosk')!;
        const name = randomName();
        const approval = rng.chance(0.3);
        if (!node.up) return;
        const answer = await node.process
          .call('kiosk.checkIn', {
            visitorTypeId: approval ? approvalTypeId : siteA.typeId,
            language: 'en',
            visitor: { name, email: `${name.split(' ')[1]!.toLowerCase()}@example.org` },
            hostId: siteA.hostId,
            cameraAvailable: false,
          })
          .catch(() => null);
        // The run's walk-ins come faster than any lobby's, all for one host: the kiosk's arrival limits
        // (src/main/kiosk/limits.ts) may refuse some. That is an answer, not a fault; checked at the end.
        if (answer?.status === 429 && answer.body.code === 'rate_limited') {
          refusedWalkIns.push(name);
          log(`  walk-in of ${name} refused: rate_limited`);
          return;
        }
        if (answer?.status !== 200) return;
        const outcome = answer.body.outcome as string;
        if (outcome === 'checked_in') {
          visits.push({
            id: answer.body.visitId as string,
            siteId: siteA.id,
            name,
            status: 'checked_in',
            passToken: answer.body.passToken as string,
          });
        } else if (outcome === 'waiting_for_approval') {
          visits.push({
            id: answer.body.visitId as string,
            siteId: siteA.id,
            name,
            status: 'pending_approval',
          });
        } else return;
        count(acked, 'walkIn');
      },
      approve: async () => {
        const visit = rng.pick(visits.filter((v) => v.status === 'pending_approval'));
        const node = visit && nodes.find((n) => n.name === 'a-desk');
        if (!visit || !node) return;
        const answer = await call(node, 'visits.decide', { visitId: visit.id, decision: 'approve' });
        if (answer?.status !== 200) return;
        advance(visit, answer.body.status as VisitStatus);
        count(acked, 'approve');
      },
      checkIn: async () => {
        const visit = rng.pick(visits.filter((v) => v.status === 'expected' || v.status === 'approved'));
        const node = visit && pickNode(['desk', 'gate'], visit.siteId);
        if (!visit || !node) return;
        const answer = await call(node, 'visits.checkIn', { visitId: visit.id });
        if (answer?.status !== 200) return;
        advance(visit, answer.body.status as VisitStatus);
        count(acked, 'checkIn');
      },
      checkOut: async () => {
        const visit = rng.pick(visits.filter((v) => v.status === 'checked_in'));
        const node = visit && pickNode(['desk', 'gate'], visit.siteId);
        if (!visit || !node) return;
        const answer = await call(node, 'visits.checkOut', { visitId: visit.id });
        if (answer?.status !== 200) return;
        advance(visit, answer.body.status as VisitStatus);
        count(acked, 'checkOut');
      },
      watchlistAdd: async () => {
        // At any station: those that may not author the watchlist (a kiosk) must refuse up front.
        const node = rng.pick(nodes)!;
        const answer = await call(node, 'watchlist.add', {
          name: randomName(),
          reason: 'chaos run',
          level: rng.chance(0.5) ? 'alert' : 'deny',
        });
        if (answer === null) return;
        const allowed = AUTHORED_BY.watchlist.includes(node.role);
        if (answer.status === 200) {
          if (!allowed) problems.push(`${node.name} acknowledged a watchlist entry it may not author`);
          watchlist.push({ id: answer.body.id as string, expired: false });
          count(acked, 'watchlistAdd');
        } else if (allowed && answer.status < 500) {
          problems.push(
            `${node.name} refused a watchlist entry: ${answer.status} ${JSON.stringify(answer.body)}`,
          );
        }
      },
      watchlistExpire: async () => {
        const entry = rng.pick(watchlist.filter((e) => !e.expired));
        const node = entry && pickNode(['desk']);
        if (!entry || !node) return;
        const answer = await call(node, 'watchlist.expire', { entryId: entry.id });
        if (answer?.status !== 200) return;
        entry.expired = true;
        count(acked, 'watchlistExpire');
      },
      passRevoke: async () => {
        const visit = rng.pick(visits.filter((v) => v.passToken && !revoked.some((r) => r.visitId === v.id)));
        const node = nodes.find((n) => n.name === 'a-desk')!;
        if (!visit) return;
        const passes = await call(node, 'passes.forVisit', { visitId: visit.id });
        const pass = (passes?.body.passes as { id: string; status: string }[] | undefined)?.find(
          (p) => p.status === 'active' || p.status === 'used',
        );
        if (!pass) return;
        const answer = await call(node, 'passes.revoke', { passId: pass.id, reason: 'chaos run' });
        if (answer?.status !== 200) return;
        revoked.push({ passId: pass.id, visitId: visit.id, siteId: visit.siteId });
        count(acked, 'passRevoke');
      },
      incident: async () => {
        const node = rng.pick(nodes)!;
        const title = `Chaos ${randomName()}`;
        const answer = await call(node, 'incidents.raise', { title, note: 'chaos run' });
        if (answer?.status !== 200) return;
        incidents.push({ id: answer.body.id as string, siteId: node.site.id, title });
        count(acked, 'incident');
      },
    };
    const operationNames = Object.keys(operations);

    const proxies = () => instances.map((i) => i.proxy);
    const startInstance = async (instance: Instance) => {
      instance.process = await startServerProcess(instance.dir, instance.port, serverEnv);
      instance.down = 0;
    };
    const faultsList: Record<string, () => Promise<void>> = {
      cut: async () => proxies().forEach((p) => p.cut()),
      delay: async () => {
        const ms = rng.pick([0, 50, 300, 1_500])!;
        proxies().forEach((p) => p.delay(ms));
      },
      drop: async () => {
        const on = rng.chance(0.5);
        proxies().forEach((p) => p.drop(on));
      },
      killServer: async () => {
        const up = instances.filter((i) => i.down === 0);
        // One instance (SQLite): no draw, so a seed replays as it did before instances were added.
        const instance = up.length > 1 ? rng.pick(up) : up[0];
        if (!instance) return;
        await instance.process!.kill('SIGKILL');
        instance.process = undefined;
        instance.down = 1 + rng.int(3);
      },
      killStation: async () => {
        const node = rng.pick(nodes)!;
        await node.process.kill('SIGKILL');
        node.up = false;
        node.token = null;
        await node.process.restart();
        node.up = true;
      },
    };
    if (instances.length > 1) {
      // Each instance in turn: its proxy sends new connections to the other, it stops gracefully (answers
      // what is in flight), starts again on its port, and takes its stations back.
      faultsList.rollingRestart = async () => {
        if (instances.some((i) => i.down > 0)) return;
        for (const [n, instance] of instances.entries()) {
          const other = instances[(n + 1) % instances.length]!;
          instance.proxy.retarget(other.port);
          await instance.process!.kill('SIGTERM');
          await startInstance(instance);
          instance.proxy.retarget(instance.port);
        }
      };
    }
    const faultNames = Object.keys(faultsList);

    for (let step = 0; step < steps; step++) {
      for (const instance of instances) {
        if (instance.down > 0 && --instance.down === 0) {
          await startInstance(instance);
          log(`  step ${step}: ${instance.name} back`);
        }
      }
      if (rng.chance(0.4)) {
        const fault = rng.pick(faultNames)!;
        log(`  step ${step}: fault ${fault}`);
        await faultsList[fault]!();
        count(faults, fault);
      }
      const operation = rng.pick(operationNames)!;
      await operations[operation]!();
      // Read a visit somewhere now and then: a status seen must never move back at that station.
      if (rng.chance(0.5)) await observe(rng.pick(nodes)!, rng.pick(visits));
    }

    // ---- heal, settle, check ----
    for (const instance of instances) {
      instance.proxy.drop(false);
      instance.proxy.delay(0);
      if (instance.down > 0) await startInstance(instance);
    }
    await settle(serverUrl, nodes, call, options.settleMs ?? 60_000, problems);

    for (const visit of visits) {
      for (const node of nodes) {
        const found = await searchVisit(node, visit.name);
        if (node.site.id !== visit.siteId) {
          if (found.length > 0) problems.push(`${node.name} shows ${visit.name} of the other site`);
          continue;
        }
        if (found.length !== 1 || found[0]!.id !== visit.id) {
          problems.push(
            `${node.name} has ${found.length} visits for ${visit.name} (${visit.id}), not exactly one`,
          );
          continue;
        }
        if (rankOf(found[0]!.status) < rankOf(visit.status))
          problems.push(
            `${node.name}: ${visit.name} is ${found[0]!.status}, acknowledged as ${visit.status}`,
          );
        noteSeen(node, visit.id, found[0]!.status);
      }
      const statuses = new Set(nodesOf(visit.siteId).map((n) => n.seen.get(visit.id)));
      if (statuses.size > 1)
        problems.push(`${visit.name}: the stations of its site disagree: ${[...statuses].join(', ')}`);
    }
    for (const name of refusedWalkIns) {
      for (const node of nodes) {
        const found = await searchVisit(node, name);
        if (found.length > 0) problems.push(`${node.name} has a visit for ${name}, a refused walk-in`);
      }
    }
    for (const node of nodes) {
      const list = await call(node, 'watchlist.list', { includeExpired: true });
      const entries = (list?.body.entries as { id: string; expiresAt: string | null }[] | undefined) ?? [];
      for (const entry of watchlist) {
        const copies = entries.filter((e) => e.id === entry.id);
        if (copies.length !== 1)
          problems.push(`${node.name} has ${copies.length} copies of watchlist entry ${entry.id}`);
        else if (entry.expired && copies[0]!.expiresAt === null)
          problems.push(`${node.name}: watchlist entry ${entry.id} was expired but is not`);
      }
      const raised = await call(node, 'incidents.list', { limit: 200 });
      const titles = ((raised?.body.incidents as { id: string }[] | undefined) ?? []).map((i) => i.id);
      for (const incident of incidents) {
        const copies = titles.filter((id) => id === incident.id).length;
        const expected = incident.siteId === node.site.id ? 1 : 0;
        if (copies !== expected)
          problems.push(`${node.name} has ${copies} copies of incident ${incident.title}, not ${expected}`);
      }
      for (const pass of revoked.filter((r) => r.siteId === node.site.id)) {
        const passes = await call(node, 'passes.forVisit', { visitId: pass.visitId });
        const status = (passes?.body.passes as { id: string; status: string }[] | undefined)?.find(
          (p) => p.id === pass.passId,
        )?.status;
        if (status !== 'revoked')
          problems.push(`${node.name}: pass ${pass.passId} is ${status}, not revoked`);
      }
      const audit = await call(node, 'audit.verify');
      if (audit?.status !== 200 || audit.body.ok !== true)
        problems.push(`${node.name}: the audit chain does not verify: ${JSON.stringify(audit?.body)}`);
    }

    async function searchVisit(node: Node, name: string) {
      const answer = await call(node, 'visits.search', { query: name, limit: 100 });
      if (answer?.status !== 200) {
        problems.push(
          `${node.name}: visits.search failed: ${answer?.status} ${JSON.stringify(answer?.body)}`,
        );
        return [];
      }
      return (answer.body.visits as { id: string; status: VisitStatus; visitor: { name: string } }[]).filter(
        (v) => v.visitor.name === name,
      );
    }
    function noteSeen(node: Node, visitId: string, status: VisitStatus) {
      const before = node.seen.get(visitId);
      if (before && rankOf(status) < rankOf(before))
        problems.push(`${node.name}: visit ${visitId} went back from ${before} to ${status}`);
      node.seen.set(visitId, status);
    }
    async function observe(node: Node, visit: TrackedVisit | undefined) {
      if (!visit || !node.up || node.site.id !== visit.siteId) return;
      const answer = await call(node, 'visits.search', { query: visit.name, limit: 10 });
      const found = (answer?.body.visits as { id: string; status: VisitStatus }[] | undefined)?.find(
        (v) => v.id === visit.id,
      );
      if (found) noteSeen(node, visit.id, found.status);
    }
    return { seed, problems, acked, faults, skew };
  } catch (error) {
    problems.push(
      `the run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return { seed, problems, acked, faults, skew: null };
  } finally {
    await Promise.all(nodes.map((n) => n.process.kill('SIGKILL')));
    for (const instance of instances) {
      await instance.process?.kill('SIGKILL');
      await instance.proxy.close();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Waits until every station has pushed everything and pulled up to the server's head, twice in a row
 * with the head unchanged (a station still pushing would move it); a problem if that never happens.
 */
async function settle(
  serverUrl: string,
  nodes: Node[],
  call: (node: Node, method: string) => Promise<ApiAnswer | null>,
  settleMs: number,
  problems: string[],
): Promise<void> {
  const deadline = Date.now() + settleMs;
  let stableRounds = 0;
  let lastHead = -1;
  let lagging: string[] = [];
  while (Date.now() < deadline) {
    const head = await fetch(`${serverUrl}/healthz`)
      .then((r) => r.json() as Promise<{ serverHeadSeq: number }>)
      .then((h) => h.serverHeadSeq)
      .catch(() => -1);
    lagging = [];
    for (const node of nodes) {
      const details = await call(node, 'sync.details');
      const d = details?.body;
      if (!d || d.waiting !== 0 || d.pulledSeq !== head)
        lagging.push(
          `${node.name} ${JSON.stringify(d && { waiting: d.waiting, pulledSeq: d.pulledSeq, held: d.heldOps, lastError: d.lastError })}`,
        );
    }
    stableRounds = lagging.length === 0 && head === lastHead ? stableRounds + 1 : 0;
    lastHead = head;
    if (stableRounds >= 2) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  problems.push(`the stations never caught up with the server (head ${lastHead}): ${lagging.join('; ')}`);
}

// AAA in the simulator: when the configuration's lists name server groups, the host's own
// RADIUS and TACACS+ clients (the ones `dialback run` uses) talk to simulated servers on the
// virtual clock: every server the lists use answers from the scenario's accounts (or the
// configuration's users when the scenario declares none), with the key the scenario gives it
// and its faults (slow, silent, reject, garbage). Accounting goes the same way. A caller with
// the fault `aaa-timeout` is never answered: the client gives up after its retransmissions.

import type { Core, CoreEvent } from "../core/core.ts";
import type { ConfigModel, User } from "../config/model.ts";
import type { AaaAccount, ScenarioAaa } from "../scenario/scenario.ts";
import type { Scheduler } from "../sim/scheduler.ts";
import { Rng } from "../sim/rng.ts";
import type { AaaPlan } from "../aaa/from-config.ts";
import { aaaClients, type AaaClientSet } from "../aaa/aaa-clients.ts";
import { Accountant } from "../aaa/accountant.ts";
import { AaaResponder } from "../aaa/responder.ts";
import { coreLineCounters } from "../aaa/session-tracker.ts";
import { SimAaaNetwork } from "./aaa-network.ts";
import { SimRadiusServer, SimTacacsServer, type SimAccountingEntry } from "./aaa-servers.ts";

/** A scenario account as the configuration would write the same user. */
export function accountAsUser(a: AaaAccount): User {
  return {
    name: a.username,
    password: { text: a.password, type: 0 },
    privilege: null,
    callbackDialstring: a.callbackDialstring,
    callbackRotary: a.callbackRotary,
    callbackLine: a.callbackLine === null ? null : { kind: "tty", first: a.callbackLine, last: a.callbackLine },
    nocallbackVerify: a.noCallbackVerify,
    autocommand: null,
    callbackAllowedPattern: null,
  };
}

/** A configuration user as a server would hold it (a line range gives its first line; a pattern has no attribute). */
export function userAsAccount(u: User): AaaAccount {
  return {
    username: u.name,
    password: u.password?.text ?? "",
    callbackDialstring: u.callbackDialstring,
    callbackRotary: u.callbackRotary,
    callbackLine: u.callbackLine?.first ?? null,
    noCallbackVerify: u.nocallbackVerify,
  };
}

export class SimAaaError extends Error {}

export interface SimAaaOptions {
  core: Core;
  scheduler: Scheduler;
  model: ConfigModel;
  plan: AaaPlan;
  scenario: ScenarioAaa | undefined;
  seed: number;
  /** True when the caller on this line has the fault `aaa-timeout`. */
  silentFor: (tty: number) => boolean;
  /** The line's number and its caller's, for Calling/Called-Station-Id. */
  stations: (tty: number) => { line: string | null; caller: string | null };
  /** Runs after each answer reaches the core (the run loop pumps then). */
  settled: () => void;
  log: (text: string) => void;
}

export class SimAaa {
  readonly net: SimAaaNetwork;
  readonly servers: (SimRadiusServer | SimTacacsServer)[] = [];
  /** Every accounting record a simulated server took, in order. */
  readonly received: SimAccountingEntry[] = [];
  readonly accountant: Accountant | null;
  private readonly clients: AaaClientSet;
  private readonly responder: AaaResponder | null;

  constructor(o: SimAaaOptions) {
    this.net = new SimAaaNetwork(o.scheduler, o.seed);
    const accounts = o.scenario?.accounts.length ? o.scenario.accounts : o.model.users.map(userAsAccount);
    const answerAfterMs = (o.scenario?.answerAfter ?? 0.2) * 1000;
    const described = new Map((o.scenario?.servers ?? []).map((s) => [s.host, s]));
    const rng = new Rng(o.seed ^ 0x0a5e_7ac5);
    const made = new Map<string, SimRadiusServer | SimTacacsServer>();
    for (const group of o.plan.groups.values()) {
      for (const s of group.servers) {
        const key = `${group.protocol} ${s.host} ${s.authPort} ${s.acctPort}`;
        if (made.has(key)) continue;
        const scenario = described.get(s.host);
        const options = {
          name: `${group.protocol === "radius" ? "RADIUS" : "TACACS+"} ${s.host}`,
          host: s.host,
          key: scenario?.key ?? s.key,
          accounts,
          faults: scenario?.faults ?? [],
          answerAfterMs,
          silentFor: o.silentFor,
          now: () => o.scheduler.now(),
          rng: rng.fork(),
          log: o.log,
          arapKeyLayout: o.model.arap.keyLayout,
          received: (entry: SimAccountingEntry) => {
            this.received.push(entry);
            const cause = entry.cause ? ` (${entry.cause})` : "";
            o.log(`${entry.server} accounting: ${entry.status} ${entry.user || "(no user)"} TTY${entry.tty} session ${entry.sessionId}${cause}`);
          },
        };
        const server =
          group.protocol === "radius" ? new SimRadiusServer(options, this.net, s.authPort, s.acctPort) : new SimTacacsServer(options, this.net, s.authPort);
        made.set(key, server);
        this.servers.push(server);
      }
    }
    for (const [host] of described) {
      if (![...o.plan.groups.values()].some((g) => g.servers.some((s) => s.host === host))) {
        throw new SimAaaError(`scenario: aaa.servers: ${host} is not a server the configuration's AAA lists use`);
      }
    }
    const context = { users: o.model.users, enable: o.model.enable, lines: o.model.lines, arapKeyLayout: o.model.arap.keyLayout };
    this.clients = aaaClients(o.plan, context, { log: o.log, io: this.net });
    const counters = coreLineCounters((line, id) => o.core.counter(line, id));
    this.accountant = Accountant.wanted(o.plan)
      ? new Accountant(o.plan, {
          io: this.net,
          health: this.clients.health,
          tacacsOpeners: this.clients.tacacsOpeners,
          log: o.log,
          counters,
          stations: o.stations,
        })
      : null;
    const hooks = {
      accepted: this.accountant ? this.accountant.accepted.bind(this.accountant) : undefined,
      localUsers: o.model.users,
      now: () => o.scheduler.now(),
    };
    this.responder = this.clients.ppp || this.clients.login || this.clients.arap ? new AaaResponder(o.core, this.clients, o.settled, o.log, hooks) : null;
  }

  /** Sees every server event; takes AuthRequest events (true), whose answers follow on the virtual clock. */
  handle(e: CoreEvent): boolean {
    this.accountant?.observe(e);
    this.responder?.observe(e);
    const taken = this.responder?.handle(e) ?? false;
    if (taken) this.net.kick();
    return taken;
  }

  /** Checks the core asked that are not answered yet, and accounting records not yet acknowledged. */
  busy(): boolean {
    return (this.responder?.pending() ?? 0) > 0 || !(this.accountant?.idle() ?? true);
  }

  get answered(): number {
    return this.servers.reduce((n, s) => n + s.answered, 0);
  }

  get silent(): number {
    return this.servers.reduce((n, s) => n + s.silent, 0);
  }

  close(): void {
    this.accountant?.close();
    this.clients.close();
  }
}

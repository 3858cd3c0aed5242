// `aaa accounting exec|network default start-stop|stop-only [broadcast] group ...` and `aaa
// accounting update periodic N`: the sessions the core's events make (session-tracker.ts) go
// as Start, Interim-Update and Stop records to the groups of their list, through a queue per
// route (accounting-queue.ts) to RADIUS (RFC 2866) or TACACS+ (RFC 8907 §7) servers. Each
// record is logged with its callback id as it is queued.

import type { CoreEvent } from "../core/core.ts";
import type { AaaIo, AaaTimer } from "./aaa-io.ts";
import { ACCOUNTING_QUEUE_LIMIT, ACCOUNTING_WINDOW, AccountingQueue, type AccountingTarget } from "./accounting-queue.ts";
import { describeRecord, type AccountingRecord, type TerminateCause } from "./accounting-record.ts";
import type { AaaPlan, AccountingListPlan, HostMethod } from "./from-config.ts";
import { RadiusAccountingTarget } from "./radius-accounting.ts";
import type { AaaAnswer, AaaRequest } from "./radius-client.ts";
import type { ServerHealth } from "./server-health.ts";
import type { ServerGroup } from "./server-groups.ts";
import { SessionTracker, type LineCounters } from "./session-tracker.ts";
import { TacacsAccountingTarget } from "./tacacs-accounting.ts";
import type { TacacsOpeners } from "./tacacs-single-connection.ts";

export interface AccountantOptions {
  io: AaaIo;
  health: ServerHealth;
  /** The clients' TACACS+ connections (single-connection: accounting rides the server's one connection); else accounting's own. */
  tacacsOpeners?: TacacsOpeners;
  log: (text: string) => void;
  /** The line's counters (the core's counterGet). */
  counters: (tty: number) => LineCounters;
  stations?: (tty: number) => { line: string | null; caller: string | null };
  /** Records a queue holds at most (ACCOUNTING_QUEUE_LIMIT by default). */
  queueLimit?: number;
  /** Told of each record a server acknowledged (tests, the simulator's narrative). */
  acknowledged?: (record: AccountingRecord, target: string) => void;
}

export class Accountant {
  private readonly tracker: SessionTracker;
  private readonly queues = new Map<string, AccountingQueue>();
  private readonly routes: { exec: AccountingQueue[]; network: AccountingQueue[] };
  /** Interim-Update timers by Acct-Session-Id. */
  private readonly updates = new Map<string, AaaTimer>();
  /** Records handed to queues (a broadcast record counts once per group). */
  queued = 0;

  constructor(
    private readonly plan: AaaPlan,
    private readonly options: AccountantOptions,
  ) {
    const tag = Buffer.from(options.io.random(4)).toString("hex");
    this.tracker = new SessionTracker({
      now: () => options.io.now(),
      epochSeconds: () => options.io.epochSeconds(),
      counters: options.counters,
      stations: options.stations,
      tag,
      record: (r) => this.record(r),
    });
    this.routes = { exec: this.routesOf(plan.accounting.exec), network: this.routesOf(plan.accounting.network) };
  }

  /** Whether the configuration accounts anything. */
  static wanted(plan: AaaPlan): boolean {
    return plan.accounting.exec !== null || plan.accounting.network !== null;
  }

  observe(e: CoreEvent): void {
    this.tracker.event(e);
  }

  /** The host's AAA accepted `request` and the core took it (Class and Acct-Authentic for the records). */
  accepted(request: AaaRequest, answer: Extract<AaaAnswer, { verdict: "accept" }>): void {
    this.tracker.acceptedBy(request.line, request.user, answer);
  }

  /** No record waiting or being sent. */
  idle(): boolean {
    return [...this.queues.values()].every((q) => q.idle());
  }

  get pending(): number {
    return [...this.queues.values()].reduce((n, q) => n + q.pending, 0);
  }

  get dropped(): number {
    return [...this.queues.values()].reduce((n, q) => n + q.dropped, 0);
  }

  get acknowledged(): number {
    return [...this.queues.values()].reduce((n, q) => n + q.acknowledged, 0);
  }

  /** The access server stops: every open session gets its Stop (`cause`). Then `drain` and `close`. */
  endSessions(cause: TerminateCause): void {
    this.tracker.closeAll(cause);
  }

  /** Resolves once every record is acknowledged or `limitMs` has passed (on the AAA clock). */
  drain(limitMs: number): Promise<void> {
    const end = this.options.io.now() + limitMs;
    return new Promise((resolve) => {
      const check = () => {
        if (this.idle() || this.options.io.now() >= end) return resolve();
        this.options.io.after(50, check);
      };
      check();
    });
  }

  /** Stops every queue; records not acknowledged are named in the log. */
  close(): void {
    for (const timer of this.updates.values()) timer.cancel();
    this.updates.clear();
    for (const q of this.queues.values()) q.close();
  }

  private routesOf(list: AccountingListPlan | null): AccountingQueue[] {
    if (!list) return [];
    const routes = list.broadcast ? list.groups.map((g) => [g]) : [list.groups];
    return routes.map((groups) => this.queueFor(groups));
  }

  // One queue per route: lists naming the same groups in the same order share it.
  private queueFor(groups: HostMethod[]): AccountingQueue {
    const key = groups.join(" ");
    let queue = this.queues.get(key);
    if (queue) return queue;
    const found = groups.flatMap((g) => this.plan.groups.get(g) ?? []);
    const targets = found.flatMap((g) => this.targetsOf(g));
    queue = new AccountingQueue(groups.map((g) => (g.startsWith("group ") ? g : `group ${g}`)).join(", "), targets, {
      io: this.options.io,
      health: this.options.health,
      deadTimeMs: Math.max(0, ...found.map((g) => g.deadTimeMs)),
      log: this.options.log,
      limit: this.options.queueLimit ?? ACCOUNTING_QUEUE_LIMIT,
      window: ACCOUNTING_WINDOW,
      acknowledged: this.options.acknowledged,
    });
    this.queues.set(key, queue);
    return queue;
  }

  private targetsOf(group: ServerGroup): AccountingTarget[] {
    const io = this.options.io;
    const source = group.sourceAddress && io.hasAddress(group.sourceAddress) ? group.sourceAddress : undefined;
    return group.servers.map((s) =>
      group.protocol === "radius"
        ? new RadiusAccountingTarget(
            { host: s.host, port: s.acctPort, secret: s.key, timeoutMs: s.timeoutMs, retries: s.retries },
            { nasIdentifier: this.plan.nasIdentifier, ...(group.sourceAddress ? { nasIpAddress: group.sourceAddress } : {}), bindSource: source !== undefined },
            io,
            this.options.log,
          )
        : new TacacsAccountingTarget(
            { host: s.host, port: s.acctPort, key: s.key, timeoutMs: s.timeoutMs, ...(s.singleConnection ? { singleConnection: true } : {}) },
            io,
            source,
            this.options.tacacsOpeners,
          ),
    );
  }

  private record(r: AccountingRecord): void {
    const list = r.session.service === "exec" ? this.plan.accounting.exec : this.plan.accounting.network;
    if (!list) return;
    if (r.session.user === "" && this.plan.accounting.suppressNullUsername) return;
    this.periodic(r);
    // stop-only: IOS sends the Stop alone; its Interim-Updates go with start-stop only.
    if (r.status !== "stop" && list.record === "stop-only") return;
    this.options.log(`accounting [${r.session.callId}]: ${describeRecord(r)}, session ${r.session.id}`);
    for (const queue of this.routes[r.session.service]) {
      this.queued++;
      queue.push(r);
    }
  }

  // `aaa accounting update periodic N`: an Interim-Update every N minutes of an open session.
  private periodic(r: AccountingRecord): void {
    const minutes = this.plan.accounting.periodicMinutes;
    const { id, tty } = r.session;
    if (r.status === "stop") {
      this.updates.get(id)?.cancel();
      this.updates.delete(id);
      return;
    }
    if (!minutes) return;
    const io = this.options.io;
    this.updates.set(
      id,
      io.after(minutes * 60_000, () => {
        const now = this.tracker.interim(tty, id);
        if (!now) return void this.updates.delete(id);
        this.record({ status: "update", session: now.session, at: io.now(), epoch: io.epochSeconds(), stats: now.stats, cause: null });
      }),
    );
  }
}

// Simulated callers: a DTE with a Hayes modem on the virtual telephone network. PPP callers
// are dialback cores in the client role (RFC 1570, CBCP, or answer mode); the terminal
// caller types at the login and callback prompts like a person would. A caller holds a core
// only while it calls: taken from the pool when it dials, given back when it is finished.

import type { Core, CoreEvent } from "../core/core.ts";
import { imageForLines } from "../image/writer.ts";
import { Auth, CallbackRequest, CbcpType, decodePppEvent, PppOptions, PppRole, pppOpen } from "../core/ppp.ts";
import { seedForSimulation } from "../core/entropy.ts";
import type { HayesModem } from "../sim/modem/modem.ts";
import type { Scheduler, Timer } from "../sim/scheduler.ts";
import type { TelephoneNetwork } from "../sim/network.ts";
import type { Caller } from "../scenario/scenario.ts";
import { ModemText } from "./modem-text.ts";
import type { CorePool } from "./core-pool.ts";
import type { ModemSeat, SeatUser } from "./modem-seat.ts";

export type Narrate = (text: string) => void;

/** After a call is finished its modem is handed to the next call of the phone this much later. */
const SEAT_HANDOVER_MS = 3000;
/** A caller with `holds-line` stays off hook this long after the server ends its session. */
export const HOLD_LINE_MS = 30_000;

export const CLIENT_LINE = 1;
/** The image of a PPP caller's core: one line, framing only (no configuration). */
export const CLIENT_IMAGE = imageForLines([CLIENT_LINE]);
/** What the caller's modem says when its own call fails, and how the caller's row reads it. */
const MODEM_FAILURES: Record<string, string> = {
  BUSY: "server busy",
  "NO CARRIER": "no carrier",
  "NO ANSWER": "server did not answer",
  "NO DIALTONE": "no dialtone",
  ERROR: "modem error",
};
export const FAILURE_WORDS = Object.keys(MODEM_FAILURES);

/** `leaving`: the caller has what it came for on the first call and hangs up soon. */
type Phase = "idle" | "queued" | "dialling" | "first-call" | "leaving" | "waiting" | "callback" | "done";

/** What every caller does: dial at its start time, wait for the callback, end in a final state. */
export abstract class SimCaller implements SeatUser {
  readonly modem: HayesModem;
  protected readonly text = new ModemText();
  protected phase: Phase = "idle";
  /** Set once, when the caller is finished: what it saw (`called back`, `server busy`, ...). */
  outcome: string | null = null;
  /** Set when the caller's own side saw its session come up after the callback. */
  calledBack = false;
  /** Told once, when the caller is finished. */
  onFinished: () => void = () => {};
  /** The server's side told us no callback will come (and why); acted on once we wait. */
  private serverGaveUp: string | null = null;
  private carrier = false;
  /** `holds-line`: this caller kept its first call up once already. */
  private held = false;

  constructor(
    readonly caller: Caller,
    private readonly seat: ModemSeat,
    protected readonly network: TelephoneNetwork,
    protected readonly scheduler: Scheduler,
    protected readonly serverNumber: string,
    protected readonly narrate: Narrate,
  ) {
    this.modem = seat.modem;
  }

  // The modem reports to this caller from now on (a shared modem's earlier caller is finished).
  private sitDown(): void {
    // A busy fault is this caller's, not the phone's: calls of one phone before or after it ring.
    this.network.faults.forceBusy(this.caller.phone, this.caller.faults.includes("busy"));
    this.carrier = this.modem.signals().dcd;
    this.modem.onOutput = (data) => {
      if (this.phase !== "done") this.fromModem(data);
    };
    this.modem.onSignals = (s) => {
      const lost = this.carrier && !s.dcd;
      this.carrier = s.dcd;
      if (lost && this.phase !== "done") this.carrierLost();
    };
    this.modem.setInputs({ dtr: true, rts: true });
  }

  get finished(): boolean {
    return this.outcome !== null;
  }

  /** Dials now, or once the modem's earlier call of this phone is over. */
  start(): void {
    if (!this.seat.claim(this)) {
      this.phase = "queued";
      this.narrate(`${this.caller.name}: waits for modem ${this.caller.phone} (its last call is not over)`);
      return;
    }
    this.dial();
  }

  /** The modem is free for this caller's call. */
  takeTurn(): void {
    if (this.phase === "queued" || this.phase === "idle") this.dial();
  }

  /** Whether this caller's own call is being placed or is up (not waiting for a callback). */
  get placingCall(): boolean {
    return this.phase === "dialling" || this.phase === "first-call" || this.phase === "leaving";
  }

  protected dial(): void {
    const again = this.seat.used;
    this.sitDown();
    this.phase = "dialling";
    this.narrate(`${this.caller.name}: modem ${this.caller.phone} dials ${this.serverNumber}`);
    if (again) this.command("ATS0=0"); // the call before left the modem answering
    this.command(`ATDT${this.serverNumber}`);
  }

  /** The server ended this caller's story without a callback that reached it (`why`). */
  serverDone(why: string): void {
    this.serverGaveUp ??= why;
    if (this.phase === "waiting") this.giveUpWaiting();
  }

  protected finish(outcome: string): void {
    if (this.outcome !== null) return;
    this.outcome = outcome;
    this.phase = "done";
    if (this.caller.faults.includes("busy")) this.network.faults.forceBusy(this.caller.phone, false);
    this.release();
    this.onFinished();
    // The next call from this phone may dial once the modem has hung up.
    this.scheduler.after(SEAT_HANDOVER_MS, () => this.seat.release(this));
  }

  /** Lets go of what the caller holds while it calls (its core). */
  protected release(): void {}

  protected command(text: string): void {
    this.modem.write(Buffer.from(`${text}\r`, "latin1"));
  }

  /** A failure word from the modem while the caller's own call was being set up. */
  protected dialFailed(word: string): void {
    this.narrate(`${this.caller.name}: modem says ${word}`);
    this.finish(MODEM_FAILURES[word] ?? word);
  }

  /** The server ended the first call's session: once its carrier is gone, wait for the callback. */
  protected sessionEndedByServer(): void {
    if (!this.modem.signals().dcd) this.awaitCallback();
    else if (this.holdsLine) this.holdLine();
  }

  private get holdsLine(): boolean {
    return this.caller.faults.includes("holds-line") && !this.held && this.phase === "first-call";
  }

  // `holds-line`: the caller does not hang up when the server ends the session. The server
  // drops DTR; a modem that obeys it (&D2) goes on hook and the network clears the call, but
  // one that ignores DTR (&D0) keeps the call for as long as the caller keeps carrier.
  private holdLine(): void {
    this.held = true;
    this.narrate(`${this.caller.name}: does not hang up (holds the line for ${HOLD_LINE_MS / 1000} s)`);
    this.scheduler.after(HOLD_LINE_MS, () => {
      if (this.phase !== "first-call") return;
      this.narrate(`${this.caller.name}: hangs up after holding the line`);
      this.modem.setInputs({ dtr: false, rts: true });
      this.modem.setInputs({ dtr: true, rts: true });
      this.awaitCallback();
    });
  }

  /** After the server hung up: wait for the callback in answer mode (unless told not to answer). */
  protected awaitCallback(): void {
    if (this.phase === "done" || this.phase === "waiting") return;
    if (this.holdsLine && this.modem.signals().dcd) {
      this.holdLine();
      return;
    }
    this.phase = "waiting";
    if (this.serverGaveUp !== null) {
      this.giveUpWaiting();
      return;
    }
    if (this.caller.faults.includes("no-answer")) {
      this.narrate(`${this.caller.name}: modem left in command mode (will not answer)`);
      this.finish("did not answer");
      return;
    }
    this.narrate(`${this.caller.name}: modem set to answer (ATS0=1), waiting for the callback`);
    this.command("ATS0=1");
  }

  private giveUpWaiting(): void {
    this.narrate(`${this.caller.name}: no callback comes (${this.serverGaveUp})`);
    this.command("ATS0=0");
    this.finish("not called back");
  }

  /** Ends the call `ms` from now by dropping DTR, then the caller is finished with `outcome`. */
  protected hangUpLater(ms: number, outcome: string): void {
    this.scheduler.after(ms, () => {
      if (this.phase === "done") return;
      this.narrate(`${this.caller.name}: hangs up`);
      this.beforeHangUp();
      this.modem.setInputs({ dtr: false, rts: true });
      this.finish(outcome);
    });
  }

  protected beforeHangUp(): void {}

  /** A data caller (PPP, ARA) is online from its first CONNECT until it has hung up. */
  protected get online(): boolean {
    return this.phase === "first-call" || this.phase === "leaving" || this.phase === "callback";
  }

  /**
   * Modem text before a data call: a failure word ends the dial; CONNECT moves to the first
   * call, or to the callback while waiting for one. Returns the new phase, or null.
   */
  protected connectFrom(data: Uint8Array): "first-call" | "callback" | null {
    this.text.add(data);
    const word = this.text.take("CONNECT", ...FAILURE_WORDS);
    if (word === null) return null;
    if (word !== "CONNECT") {
      if (this.phase === "dialling") this.dialFailed(word);
      return null;
    }
    this.text.take("\n");
    const phase = this.phase === "waiting" ? "callback" : "first-call";
    this.phase = phase;
    return phase;
  }

  /** Faults that strike once the callback has connected. */
  protected callbackConnected(): void {
    if (this.caller.faults.includes("noise")) {
      this.narrate(`${this.caller.name}: line noise on the callback`);
      this.network.faults.noiseBurst(this.caller.phone, 48);
    }
    if (this.caller.faults.includes("carrier-loss")) {
      this.scheduler.after(300, () => {
        if (this.phase !== "callback") return;
        this.narrate(`${this.caller.name}: carrier drops in the middle of the callback`);
        this.network.faults.dropCarrier(this.caller.phone);
        this.finish("carrier lost on the callback");
      });
    }
  }

  /** DCD fell: the server (or the network) ended the call. */
  protected carrierLost(): void {
    if (this.phase === "first-call" && this.held) this.awaitCallback(); // the held call is over
    else if (this.phase === "first-call") this.firstCallEnded();
    else if (this.phase === "callback" && !this.calledBack) {
      this.narrate(`${this.caller.name}: the callback lost carrier`);
      this.finish("callback lost carrier");
    }
  }

  /** The first call is over (the server hung up): wait for the callback. */
  protected firstCallEnded(): void {
    this.awaitCallback();
  }

  protected abstract fromModem(data: Uint8Array): void;
}

/**
 * A caller played by a dialback core in the client role behind its modem (PPP or ARA): the
 * core is taken from the pool for each call and given back after it, the modem's bytes go to
 * it once online, and it runs at each deadline it asks for.
 */
export abstract class CoreCaller extends SimCaller {
  protected core: Core | null = null;
  private timer: Timer | null = null;

  constructor(
    caller: Caller,
    seat: ModemSeat,
    network: TelephoneNetwork,
    scheduler: Scheduler,
    serverNumber: string,
    narrate: Narrate,
    private readonly cores: CorePool,
  ) {
    super(caller, seat, network, scheduler, serverNumber, narrate);
  }

  protected dial(): void {
    const core = this.cores.take();
    seedForSimulation(core, `caller ${this.caller.name} ${this.caller.phone}`);
    this.core = core;
    super.dial();
  }

  protected release(): void {
    this.timer?.cancel();
    this.timer = null;
    if (this.core) this.cores.give(this.core);
    this.core = null;
  }

  protected fromModem(data: Uint8Array): void {
    if (this.online) {
      this.core?.rxPush(CLIENT_LINE, data);
      this.pump();
      return;
    }
    const phase = this.connectFrom(data);
    if (phase === null) return;
    this.connected(phase === "callback");
    this.pump();
  }

  /** CONNECT on the first call or on the callback: open the core's client line. */
  protected abstract connected(callback: boolean): void;

  /** One event of the core, while the call is not done. */
  protected abstract coreEvent(e: CoreEvent): void;

  /** What the core sends, on its way to the modem (a fault may change it). */
  protected toModem(out: Uint8Array): Uint8Array {
    return out;
  }

  protected pump(): void {
    const core = this.core;
    if (!core) return;
    const now = this.scheduler.now();
    const next = core.tick(now);
    for (const e of core.drainEvents()) {
      if (this.phase !== "done") this.coreEvent(e);
    }
    if (this.phase === "done" || this.core !== core) return;
    const out = core.txDrain(CLIENT_LINE);
    if (out.length && this.online) this.modem.write(this.toModem(out));
    this.timer?.cancel();
    this.timer = next === null ? null : this.scheduler.at(Math.max(next, now), () => this.pump());
  }
}

/** A PPP client: a dialback core in the client role behind the caller's modem. */
export class PppCaller extends CoreCaller {
  private hangingUp = false;

  private firstCallOptions(): PppOptions {
    const base: PppOptions = { auth: Auth.PAP | Auth.CHAP, user: this.caller.username, secret: this.caller.password };
    switch (this.caller.method) {
      case "rfc1570":
        return this.caller.answerNumber
          ? { ...base, callback: CallbackRequest.RFC1570, callbackOperation: 1, number: this.caller.answerNumber }
          : { ...base, callback: CallbackRequest.RFC1570, callbackOperation: 0 };
      case "cbcp":
        return { ...base, callback: CallbackRequest.CBCP, cbcpTypes: CbcpType.UserNumber, number: this.caller.answerNumber ?? this.caller.phone };
      default:
        return base; // answer mode: the client asks for nothing and waits to be called
    }
  }

  protected connected(callback: boolean): void {
    if (callback) this.callbackConnected();
    this.narrate(`${this.caller.name}: CONNECT, starting PPP${callback ? " on the callback" : ` (${this.caller.method})`}`);
    const answering: PppOptions = { auth: Auth.PAP | Auth.CHAP, user: this.caller.username, secret: this.caller.password };
    if (this.core) pppOpen(this.core, CLIENT_LINE, PppRole.Client, callback ? answering : this.firstCallOptions());
  }

  protected coreEvent(e: CoreEvent): void {
    const p = decodePppEvent(e);
    if (!p) return;
    if (p.type === "callbackAgreed") this.narrate(`${this.caller.name}: callback agreed${p.number ? ` to ${p.number}` : ""}`);
    if (p.type === "ipcpUp") {
      const server = p.peerAddress === "0.0.0.0" ? "unnumbered" : p.peerAddress;
      this.narrate(`${this.caller.name}: IPCP up, given address ${p.ourAddress} (server ${server})`);
      this.hangingUp = true;
      if (this.phase === "callback") {
        this.calledBack = true;
        this.hangUpLater(5000, "called back");
      } else {
        this.phase = "leaving";
        this.hangUpLater(5000, "connected without callback");
      }
    }
    if (p.type === "linkDown" && !this.hangingUp) {
      if (this.phase === "first-call") {
        this.narrate(`${this.caller.name}: link ended by the server`);
        this.text.clear();
        // Once the server has dropped DTR the modem is back in command mode: set it to answer.
        this.sessionEndedByServer();
      } else if (this.phase === "callback") {
        this.narrate(`${this.caller.name}: the callback's link ended before IPCP`);
        this.modem.setInputs({ dtr: false, rts: true });
        this.finish("callback session failed");
      }
    }
  }

  protected firstCallEnded(): void {
    this.text.clear();
    this.awaitCallback();
  }

  protected beforeHangUp(): void {
    this.core?.exports.pppClose(CLIENT_LINE);
  }
}

/** A person at a terminal: logs in, gives a number when asked, is called back, logs in again. */
/** How long a terminal caller waits for a prompt before pressing Return. */
const RETURN_AFTER_MS = 3000;

export class TerminalCaller extends SimCaller {
  private told = false;
  /** Connections so far: a Return is pressed only for the connection still waiting for its prompt. */
  private connections = 0;
  private prompted = false;

  protected fromModem(data: Uint8Array): void {
    this.text.add(data);
    for (;;) {
      const word = this.text.take("CONNECT", "Username: ", "Password: ", "Callback Dialstring: ", "Callback initiated", ">", ...FAILURE_WORDS);
      if (word === null) return;
      this.react(word);
      if (this.finished) return;
    }
  }

  private react(word: string): void {
    const name = this.caller.name;
    switch (word) {
      case "CONNECT": {
        if (this.phase !== "dialling" && this.phase !== "waiting") return;
        const callback = this.phase === "waiting";
        this.phase = callback ? "callback" : "first-call";
        this.narrate(`${name}: CONNECT${callback ? " (the callback)" : ""}`);
        if (callback) this.callbackConnected();
        this.pressReturnUnlessPrompted();
        return;
      }
      case "Username: ":
        this.prompted = true;
        this.narrate(`${name}: types the user name`);
        this.command(this.caller.username);
        return;
      case "Password: ":
        this.command(this.caller.password);
        return;
      case "Callback Dialstring: ":
        this.narrate(`${name}: asked for a number, answers ${this.caller.answerNumber ?? "(nothing)"}`);
        this.command(this.caller.answerNumber ?? "");
        return;
      case "Callback initiated":
        this.narrate(`${name}: told the line is disconnected for callback`);
        this.told = true;
        this.scheduler.after(1500, () => this.awaitCallback());
        return;
      case ">":
        if (this.phase === "callback" && !this.calledBack) {
          this.calledBack = true;
          this.narrate(`${name}: at the EXEC prompt after the callback`);
          this.hangUpLater(2000, "called back");
        } else if (this.phase === "first-call") {
          this.narrate(`${name}: at the EXEC prompt without a callback`);
          this.phase = "leaving";
          this.hangUpLater(2000, "logged in without callback");
        }
        return;
      default:
        if (this.phase === "dialling") this.dialFailed(word);
    }
  }

  // A line with autoselect shows nothing until it hears a Return (IOS: "press Return to
  // get a login prompt"); a person who sees no prompt presses it.
  private pressReturnUnlessPrompted(): void {
    const connection = ++this.connections;
    this.prompted = false;
    this.scheduler.after(RETURN_AFTER_MS, () => {
      if (this.finished || this.prompted || connection !== this.connections) return;
      if (this.phase !== "first-call" && this.phase !== "callback") return;
      this.narrate(`${this.caller.name}: no prompt yet, presses Return`);
      this.command("");
    });
  }

  protected firstCallEnded(): void {
    if (this.told) return; // the wait for the callback is already on its way
    this.narrate(`${this.caller.name}: disconnected by the server`);
    this.finish("disconnected");
  }
}

// Simulated callers: a DTE with a Hayes modem on the virtual telephone network. PPP callers
// are dialback cores in the client role (RFC 1570, CBCP, or answer mode); the terminal
// caller types at the login and callback prompts like a person would.

import { Core } from "../core/core.ts";
import { imageForLines } from "../image/writer.ts";
import { Auth, CallbackRequest, CbcpType, decodePppEvent, PppOptions, PppRole, pppOpen } from "../core/ppp.ts";
import { seedForSimulation } from "../core/entropy.ts";
import { HayesModem } from "../sim/modem/modem.ts";
import type { Scheduler, Timer } from "../sim/scheduler.ts";
import type { TelephoneNetwork } from "../sim/network.ts";
import type { Caller } from "../scenario/scenario.ts";
import { ModemText } from "./modem-text.ts";

export type Narrate = (text: string) => void;

const CLIENT_LINE = 1;
const MODEM_FAILURES = ["BUSY", "NO CARRIER", "NO ANSWER", "NO DIALTONE", "ERROR"];

/** What every caller does: dial at its start time, report when it is finished. */
export abstract class SimCaller {
  readonly modem: HayesModem;
  protected readonly text = new ModemText();
  finished = false;
  /** Set when the caller's own side saw its session come up after the callback. */
  calledBack = false;

  constructor(
    readonly caller: Caller,
    protected readonly network: TelephoneNetwork,
    protected readonly scheduler: Scheduler,
    protected readonly serverNumber: string,
    protected readonly narrate: Narrate,
  ) {
    this.modem = new HayesModem(network, caller.phone, { maxRate: 33600, profile: { echo: false } });
    this.modem.onOutput = (data) => this.fromModem(data);
    this.modem.setInputs({ dtr: true, rts: true });
    if (caller.faults.includes("busy")) network.faults.forceBusy(caller.phone);
  }

  start(): void {
    this.narrate(`${this.caller.name}: modem ${this.caller.phone} dials ${this.serverNumber}`);
    this.command(`ATDT${this.serverNumber}`);
  }

  protected command(text: string): void {
    this.modem.write(Buffer.from(`${text}\r`, "latin1"));
  }

  /** After the server hung up: wait for the callback in answer mode (unless told not to answer). */
  protected awaitCallback(): void {
    if (this.caller.faults.includes("no-answer")) {
      this.narrate(`${this.caller.name}: modem left in command mode (will not answer)`);
      this.finished = true;
      return;
    }
    this.narrate(`${this.caller.name}: modem set to answer (ATS0=1), waiting for the callback`);
    this.command("ATS0=1");
  }

  protected hangUpLater(ms: number): void {
    this.scheduler.after(ms, () => {
      this.narrate(`${this.caller.name}: hangs up`);
      this.beforeHangUp();
      this.modem.setInputs({ dtr: false, rts: true });
      this.finished = true;
    });
  }

  protected beforeHangUp(): void {}

  /** Faults that strike once the callback has connected. */
  protected callbackConnected(): void {
    if (this.caller.faults.includes("noise")) {
      this.narrate(`${this.caller.name}: line noise on the callback`);
      this.network.faults.noiseBurst(this.caller.phone, 48);
    }
    if (this.caller.faults.includes("carrier-loss")) {
      this.scheduler.after(300, () => {
        this.narrate(`${this.caller.name}: carrier drops in the middle of the callback`);
        this.network.faults.dropCarrier(this.caller.phone);
        this.finished = true;
      });
    }
  }

  protected abstract fromModem(data: Uint8Array): void;
}

/** A PPP client: a dialback core in the client role behind the caller's modem. */
export class PppCaller extends SimCaller {
  private core!: Core;
  private phase: "dialling" | "first-call" | "waiting" | "callback" = "dialling";
  private awaitingCarrierLoss = false;
  private timer: Timer | null = null;

  static async create(caller: Caller, network: TelephoneNetwork, scheduler: Scheduler, serverNumber: string, narrate: Narrate): Promise<PppCaller> {
    const c = new PppCaller(caller, network, scheduler, serverNumber, narrate);
    c.core = await Core.load();
    c.core.init(imageForLines([CLIENT_LINE]));
    seedForSimulation(c.core, `caller ${caller.name} ${caller.phone}`);
    return c;
  }

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

  protected fromModem(data: Uint8Array): void {
    if (this.phase === "first-call" || this.phase === "callback") {
      this.core.rxPush(CLIENT_LINE, data);
      this.pump();
      return;
    }
    this.text.add(data);
    const word = this.text.take("CONNECT", ...MODEM_FAILURES);
    if (word === null) return;
    if (word !== "CONNECT") {
      this.narrate(`${this.caller.name}: modem says ${word}`);
      if (this.phase === "dialling") this.finished = true;
      if (word === "NO CARRIER" && this.awaitingCarrierLoss) {
        this.awaitingCarrierLoss = false;
        this.awaitCallback();
      }
      return;
    }
    this.text.take("\n");
    const callback = this.phase === "waiting";
    this.phase = callback ? "callback" : "first-call";
    if (callback) this.callbackConnected();
    this.narrate(`${this.caller.name}: CONNECT, starting PPP${callback ? " on the callback" : ` (${this.caller.method})`}`);
    const answering: PppOptions = { auth: Auth.PAP | Auth.CHAP, user: this.caller.username, secret: this.caller.password };
    pppOpen(this.core, CLIENT_LINE, PppRole.Client, callback ? answering : this.firstCallOptions());
    this.pump();
  }

  private pump(): void {
    const now = this.scheduler.now();
    const next = this.core.tick(now);
    for (const e of this.core.drainEvents()) {
      const p = decodePppEvent(e);
      if (!p) continue;
      if (p.type === "callbackAgreed") this.narrate(`${this.caller.name}: callback agreed${p.number ? ` to ${p.number}` : ""}`);
      if (p.type === "ipcpUp") {
        const server = p.peerAddress === "0.0.0.0" ? "unnumbered" : p.peerAddress;
        this.narrate(`${this.caller.name}: IPCP up, given address ${p.ourAddress} (server ${server})`);
        if (this.phase === "callback") {
          this.calledBack = true;
          this.hangUpLater(5000);
        }
      }
      if (p.type === "linkDown" && this.phase === "first-call") {
        this.phase = "waiting";
        this.narrate(`${this.caller.name}: link ended by the server`);
        this.text.clear();
        // Once the server has dropped DTR the modem is back in command mode: set it to answer.
        if (!this.modem.signals().dcd) this.awaitCallback();
        else this.awaitingCarrierLoss = true;
      }
    }
    const out = this.core.txDrain(CLIENT_LINE);
    if (out.length && (this.phase === "first-call" || this.phase === "callback")) this.modem.write(out);
    this.timer?.cancel();
    this.timer = next === null || this.finished ? null : this.scheduler.at(Math.max(next, now), () => this.pump());
  }

  protected beforeHangUp(): void {
    this.core.exports.pppClose(CLIENT_LINE);
    this.timer?.cancel();
  }
}

/** A person at a terminal: logs in, gives a number when asked, is called back, logs in again. */
export class TerminalCaller extends SimCaller {
  private calls = 0;

  protected fromModem(data: Uint8Array): void {
    this.text.add(data);
    for (;;) {
      const word = this.text.take("CONNECT", "Username: ", "Password: ", "Callback Dialstring: ", "Callback initiated", ">", ...MODEM_FAILURES);
      if (word === null) return;
      this.react(word);
      if (this.finished) return;
    }
  }

  private react(word: string): void {
    const name = this.caller.name;
    switch (word) {
      case "CONNECT":
        this.calls++;
        this.narrate(`${name}: CONNECT${this.calls > 1 ? " (the callback)" : ""}`);
        if (this.calls > 1) this.callbackConnected();
        return;
      case "Username: ":
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
        this.scheduler.after(1500, () => this.awaitCallback());
        return;
      case ">":
        if (this.calls > 1) {
          this.calledBack = true;
          this.narrate(`${name}: at the EXEC prompt after the callback`);
          this.hangUpLater(2000);
        }
        return;
      default:
        if (this.calls === 0 || word === "BUSY") {
          this.narrate(`${name}: modem says ${word}`);
          this.finished = true;
        }
    }
  }
}

export async function makeCaller(caller: Caller, network: TelephoneNetwork, scheduler: Scheduler, serverNumber: string, narrate: Narrate): Promise<SimCaller> {
  if (caller.method === "exec") return new TerminalCaller(caller, network, scheduler, serverNumber, narrate);
  if (caller.method === "arap") throw new Error(`${caller.name}: ARA callers are not simulated yet`);
  return PppCaller.create(caller, network, scheduler, serverNumber, narrate);
}

// A simulated ARA caller: a Macintosh's Remote Access client, played by a dialback core in
// the client role (MNP class 4 and ARAP, assembly/line/arap-link.ts) behind the caller's
// modem. On its own call it initiates MNP and proves its password with ARAP's DES exchange;
// when the server says it will call back, it sets its modem to answer and, on the callback,
// answers MNP and proves its password again. Called back means the ARAP session came up.

import type { CoreEvent } from "../core/core.ts";
import { arapOpen, decodeArapEvent, type ArapKeyLayout } from "../core/arap.ts";
import type { Scheduler } from "../sim/scheduler.ts";
import type { TelephoneNetwork } from "../sim/network.ts";
import type { Caller } from "../scenario/scenario.ts";
import type { CorePool } from "./core-pool.ts";
import type { ModemSeat } from "./modem-seat.ts";
import { CoreCaller, CLIENT_LINE, type Narrate } from "./callers.ts";
import { arapCloseName } from "../trace/describe.ts";
import { ArapState } from "../core/arap.ts";
import { LineCounter } from "../core/core-enums.ts";

/** With the noise fault, line noise damages this many of the Mac's transmissions on the callback. */
const NOISY_WRITES = 3;

export class ArapCaller extends CoreCaller {
  private hangingUp = false;
  private promised = false;
  private damaged = 0;
  /** This call's MNP link reached its data phase (ARAP left its Link state). */
  private linkUp = false;

  constructor(
    caller: Caller,
    seat: ModemSeat,
    network: TelephoneNetwork,
    scheduler: Scheduler,
    serverNumber: string,
    narrate: Narrate,
    cores: CorePool,
    private readonly keyLayout: ArapKeyLayout,
    private readonly debug: boolean,
  ) {
    super(caller, seat, network, scheduler, serverNumber, narrate, cores);
  }

  protected connected(callback: boolean): void {
    this.linkUp = false;
    if (callback) this.callbackConnected();
    this.narrate(`${this.caller.name}: CONNECT, starting ARA${callback ? " on the callback" : ""}`);
    if (this.core) {
      // The core times MNP from its own clock: bring it to now first (the callback may come
      // many seconds after the core last ran), or the link's first deadline is already past.
      this.core.tick(this.scheduler.now());
      const status = arapOpen(this.core, CLIENT_LINE, {
        user: this.caller.username,
        password: this.caller.password,
        number: this.caller.answerNumber ?? "",
        keyLayout: this.keyLayout,
        answering: callback,
        trace: this.debug,
      });
      if (status !== 0) this.narrate(`${this.caller.name}: the ARA client would not start (${status})`);
    }
  }

  protected coreEvent(e: CoreEvent): void {
    const a = decodeArapEvent(e);
    if (!a) return;
    if (a.type === "trace") this.narrate(`${this.caller.name}: ${a.text}`);
    if (a.type === "authFailed") this.narrate(`${this.caller.name}: ARAP refused the password (try ${a.tries})`);
    if (a.type === "callbackNotice") {
      this.promised = true;
      this.narrate(`${this.caller.name}: the server will call back`);
    }
    if (a.type === "phase" && a.state !== ArapState.Closed && a.state !== ArapState.Link) this.linkUp = true;
    if (a.type === "phase" && a.state === ArapState.Open) this.opened();
    if (a.type === "linkDown" && !this.hangingUp) this.ended(arapCloseName(a.reason));
  }

  protected toModem(out: Uint8Array): Uint8Array {
    return this.throughNoise(out);
  }

  // The noise fault: once the callback's MNP link is in its data phase, an octet of each of
  // the Mac's next transmissions arrives changed, so MNP must find the damage (FCS) and send
  // those frames again. (Noise during link establishment ends the link instead: V.42 Annex A
  // lets the answering side repeat its LR only once.)
  private throughNoise(out: Uint8Array): Uint8Array {
    if (this.phase !== "callback" || !this.linkUp || !this.caller.faults.includes("noise") || this.damaged >= NOISY_WRITES) return out;
    this.damaged++;
    const hit = Uint8Array.from(out);
    hit[hit.length >> 1] ^= 0x41;
    this.narrate(`${this.caller.name}: line noise damages what the Mac sends (${this.damaged} of ${NOISY_WRITES})`);
    return hit;
  }

  // The ARAP session came up (start information and zones received).
  private opened(): void {
    this.hangingUp = true;
    if (this.phase === "callback") {
      if (this.damaged > 0 && this.core) {
        const again = this.core.counter(CLIENT_LINE, LineCounter.MnpRetransmissions);
        this.narrate(`${this.caller.name}: MNP recovered from the noise (${again} frame(s) sent again)`);
      }
      this.narrate(`${this.caller.name}: ARAP session up on the callback`);
      this.calledBack = true;
      this.hangUpLater(5000, "called back");
      return;
    }
    this.narrate(`${this.caller.name}: ARAP session up`);
    this.phase = "leaving";
    this.hangUpLater(5000, "connected without callback");
  }

  private ended(why: string): void {
    if (this.phase === "first-call") {
      this.narrate(`${this.caller.name}: ARAP ended by the server (${why})`);
      this.text.clear();
      if (!this.promised) return; // the server hangs up; the carrier loss ends the call
      // Once the server has dropped DTR the modem is back in command mode: set it to answer.
      this.sessionEndedByServer();
    } else if (this.phase === "callback") {
      this.narrate(`${this.caller.name}: the callback's ARAP session ended before it was up (${why})`);
      this.modem.setInputs({ dtr: false, rts: true });
      this.finish("callback session failed");
    }
  }

  protected carrierLost(): void {
    this.core?.exports.arapLowerDown(CLIENT_LINE);
    super.carrierLost();
  }

  protected firstCallEnded(): void {
    this.text.clear();
    this.awaitCallback();
  }

  protected beforeHangUp(): void {
    this.core?.exports.arapClose(CLIENT_LINE);
    this.pump();
  }
}

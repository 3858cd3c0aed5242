// Brings one server line into a chosen state before the fuzz starts on it: the login
// prompts, the EXEC, each PPP phase (driven by a real PPP client core, frame by frame so it
// stops exactly where asked), a callback dial waiting for CONNECT, a callback leg, hang-up,
// and ARAP's: the MNP link half set up, the DES exchange, the open session, an ARA callback
// leg (driven by an ARA client core the same way, MNP frame by MNP frame).

import { Core } from "../../host/core/core.ts";
import { LineState } from "../../host/core/abi.ts";
import { imageForLines } from "../../host/image/writer.ts";
import { Auth, CallbackRequest, CbcpType, PppOptions, PppPhase, PppRole, entropyPush, pppOpen } from "../../host/core/ppp.ts";
import { ArapClientOptions, ArapState, arapOpen } from "../../host/core/arap.ts";
import { MnpState } from "../../host/core/core-enums.ts";
import { MnpDeframer, MnpCorpus, mnpFrameInto } from "./mnp-gen.ts";
import { ByteBuffer, HdlcDeframer, hdlcEncodeInto } from "../support/ppp-frames.ts";
import { FuzzServer, CARRIER, NO_CARRIER } from "./fuzz-server.ts";
import { Corpus } from "./frame-gen.ts";
import { Rng } from "./rng.ts";

/** The configuration under fuzz: PAP, CHAP and initiate interfaces, an address pool and DNS servers, logins, EXEC callback, a rotary. */
export const FUZZ_CONFIG = `
hostname fuzz
service exec-callback
chat-script dial ABORT ERROR ABORT BUSY ABORT "NO CARRIER" ABORT "NO DIALTONE" "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c
username Ted callback-dialstring "1234567" callback-rotary 77 password Rhoda
username wanda callback-dialstring "" password w4nda
username milarepa callback-dialstring "5554040" password letmein
username plain password pl41n
ip local pool fuzz 10.1.2.1 10.1.2.2
interface Ethernet0
 ip address 10.1.1.254 255.255.255.0
interface async 1
 ip unnumbered Ethernet0
 encapsulation ppp
 async default ip address 10.1.1.1
 ppp callback accept
 ppp authentication pap
interface async 2
 ip unnumbered Ethernet0
 encapsulation ppp
 peer default ip address pool fuzz
 ppp ipcp dns 10.1.1.53 10.1.1.54
 ppp ipcp wins 10.1.1.55
 ppp callback accept
 ppp authentication chap
interface async 5
 encapsulation ppp
 async default ip address 10.1.1.5
 async dynamic address
 ppp callback initiate
 ppp authentication pap
line 1 2
 autoselect ppp
 login local
 modem InOut
 rotary 77
 script callback dial
line 2
 autoselect during-login
line 3
 login local
 modem InOut
 script callback dial
line 4
 modem InOut
 no flush-at-activation
line 5
 autoselect ppp
 login local
 modem InOut
 script callback dial
line 6
 login local
 modem InOut
 rotary 77
 script callback dial
appletalk routing
arap callback
arap network 422 router test
username excalibur callback-dialstring "123456" callback-line 8 password guenivere
username lancelot password grail
line 7 8
 login local
 modem InOut
 autoselect arap
 arap enable
 script arap-callback dial
`;

export const FUZZ_LINES = [1, 2, 3, 4, 5, 6, 7, 8];

export const TARGETS = [
  "activation", "autoselect", "username", "password", "exec", "callbackNumber", "hangup", "loginWait",
  "lcp", "papAuth", "chapAuth", "cbcp", "network", "initiate", "dialling", "callbackLeg",
  "mnpLink", "arapAuth", "arapOpen", "arapLeg",
] as const;
export type Target = (typeof TARGETS)[number];

const CLIENT_LINE = 1;

/** A PPP client core on one line: the caller whose frames bring the server's session along. */
export class ClientPeer {
  private deframer = new HdlcDeframer();
  private constructor(readonly core: Core) {}

  static async create(path?: string): Promise<ClientPeer> {
    return new ClientPeer(await Core.load(path));
  }

  /** A fresh caller: the core re-initialised and PPP opened with `options`. */
  start(options: PppOptions, seed: number): void {
    this.core.init(imageForLines([CLIENT_LINE]));
    entropyPush(this.core, Buffer.from(`client-${seed}`));
    this.deframer = new HdlcDeframer();
    if (pppOpen(this.core, CLIENT_LINE, PppRole.Client, options) !== 0) throw new Error("client pppOpen refused");
  }

  /** A fresh ARA client: the core re-initialised and ARAP opened (it initiates MNP unless answering). */
  startArap(options: ArapClientOptions, seed: number): void {
    this.core.init(imageForLines([CLIENT_LINE]));
    entropyPush(this.core, Buffer.from(`client-${seed}`));
    this.mnp = new MnpDeframer();
    if (arapOpen(this.core, CLIENT_LINE, options) !== 0) throw new Error("client arapOpen refused");
  }

  private mnp = new MnpDeframer();

  /** The MNP frame bodies the ARA client has sent since the last call. */
  mnpFramesOut(now: number): Uint8Array[] {
    this.core.tick(now);
    [...this.core.drainEvents()];
    return this.mnp.push(this.core.txDrain(CLIENT_LINE));
  }

  /** The frames the client has sent since the last call. */
  framesOut(now: number): Uint8Array[] {
    this.core.tick(now);
    [...this.core.drainEvents()];
    return this.deframer.push(this.core.txDrain(CLIENT_LINE));
  }

  deliver(bytes: Uint8Array, now: number): void {
    this.core.tick(now);
    this.core.rxPush(CLIENT_LINE, bytes);
    [...this.core.drainEvents()];
  }

  tick(now: number): number | null {
    return this.core.tick(now);
  }
}

/** Setting up one state: the server, its client, the corpus that collects the client's frames. */
export class Setup {
  constructor(
    readonly s: FuzzServer,
    readonly client: ClientPeer,
    readonly corpus: Corpus,
    readonly rng: Rng,
    readonly mnpCorpus: MnpCorpus = new MnpCorpus(),
  ) {}

  private text(line: number, text: string): void {
    this.s.push(line, Buffer.from(text, "latin1"));
    this.s.service();
  }

  private call(line: number): void {
    this.s.forget(line);
    this.s.signals(line, CARRIER);
    this.s.service();
  }

  private settle(ms: number): void {
    this.s.runUntil(this.s.now + ms);
  }

  // The client talks to the server on `line`, one frame at a time, until `stop` holds.
  private converse(line: number, options: PppOptions, stop: () => boolean, seed: number): boolean {
    this.client.start({ ...options, capture: false }, seed);
    return this.exchange(line, (now) => this.client.framesOut(now), hdlcEncodeInto, this.corpus, stop);
  }

  // The ARA client talks to the server on `line`, one MNP frame at a time, until `stop` holds.
  private converseArap(line: number, options: ArapClientOptions, stop: () => boolean, seed: number, corpus: MnpCorpus): boolean {
    this.client.startArap(options, seed);
    return this.exchange(line, (now) => this.client.mnpFramesOut(now), mnpFrameInto, corpus, stop);
  }

  // The started client's frames (framed by `frame`, kept in `corpus`) go to `line`, the line's
  // bytes come back to the client, time moves to the next deadline of either; bounded steps.
  private exchange(
    line: number,
    framesOut: (now: number) => Iterable<Uint8Array>,
    frame: (wire: ByteBuffer, f: Uint8Array) => void,
    corpus: { add(f: Uint8Array): void },
    stop: () => boolean,
  ): boolean {
    const s = this.s;
    const inbox: Uint8Array[] = [];
    s.sinks[line] = (bytes) => inbox.push(bytes);
    try {
      for (let step = 0; step < 400; step++) {
        if (stop()) return true;
        let moved = false;
        for (const f of framesOut(s.now)) {
          corpus.add(f);
          const wire = new ByteBuffer(2 * f.length + 8);
          frame(wire, f);
          s.push(line, wire.view());
          s.service();
          moved = true;
          if (stop()) return true;
        }
        while (inbox.length) {
          this.client.deliver(inbox.shift()!, s.now);
          moved = true;
        }
        if (moved) continue;
        const a = s.tick();
        s.service();
        const b = this.client.tick(s.now) ?? -1;
        const next = [a, b].filter((d) => d >= 0);
        if (!next.length) return stop();
        s.now = Math.max(s.now, Math.min(...next));
      }
      return stop();
    } finally {
      s.sinks[line] = null;
    }
  }

  // An ARA caller on line 7 once autoselect listens, driven until `stop`.
  private arapCall(user: string, password: string, stop: () => boolean, seed: number): boolean {
    this.call(7);
    this.settle(1000);
    return this.converseArap(7, { user, password }, stop, seed, this.mnpCorpus);
  }

  private login(line: number, user: string, password: string): void {
    this.call(line);
    this.settle(1000);
    this.text(line, `${user}\r${password}\r`);
  }

  /** Brings `target` about; returns the line to fuzz and whether the state was reached. */
  reach(target: Target, seed: number): { line: number; reached: boolean } {
    const s = this.s;
    const phase = (line: number) => s.ex.pppPhase(line);
    const stateIs = (line: number, st: LineState) => s.state[line] === st;
    switch (target) {
      case "activation":
        this.call(1);
        return { line: 1, reached: stateIs(1, LineState.Activation) };
      case "autoselect":
        this.call(1);
        this.settle(1000);
        return { line: 1, reached: stateIs(1, LineState.Autoselect) };
      case "username":
        this.call(3);
        this.settle(1000);
        return { line: 3, reached: stateIs(3, LineState.Username) };
      case "password":
        this.call(3);
        this.settle(1000);
        this.text(3, "milarepa\r");
        return { line: 3, reached: stateIs(3, LineState.Password) };
      case "exec":
        this.call(4);
        return { line: 4, reached: stateIs(4, LineState.Exec) };
      case "callbackNumber":
        this.login(3, "wanda", "w4nda");
        return { line: 3, reached: stateIs(3, LineState.CallbackNumber) };
      case "hangup":
        this.call(4);
        s.modemFollowsDtr = false; // the caller holds the line: the hang-up waits for carrier
        this.text(4, "exit\r");
        return { line: 4, reached: stateIs(4, LineState.HangUp) };
      case "loginWait":
        s.ex.authLoginModeSet(2);
        this.login(3, "tenzing", "summit");
        return { line: 3, reached: stateIs(3, LineState.LoginWait) };
      case "lcp": {
        this.call(1);
        this.settle(1000);
        const ok = this.converse(1, { auth: Auth.PAP, user: "Ted", secret: "Rhoda" }, () => phase(1) === PppPhase.Establish, seed);
        return { line: 1, reached: ok };
      }
      case "papAuth": {
        this.call(1);
        this.settle(1000);
        const ok = this.converse(1, { auth: Auth.PAP, user: "Ted", secret: "Rhoda" }, () => phase(1) === PppPhase.Authenticate, seed);
        return { line: 1, reached: ok };
      }
      case "chapAuth": {
        this.call(2);
        this.settle(1000);
        const ok = this.converse(2, { user: "plain", secret: "pl41n" }, () => phase(2) === PppPhase.Authenticate && s.context[2].chap !== null, seed);
        return { line: 2, reached: ok };
      }
      case "cbcp": {
        this.call(1);
        this.settle(1000);
        const options = { auth: Auth.PAP, user: "wanda", secret: "w4nda", callback: CallbackRequest.CBCP, cbcpTypes: CbcpType.UserNumber, number: "5553030" };
        const ok = this.converse(1, options, () => phase(1) === PppPhase.Callback, seed);
        return { line: 1, reached: ok };
      }
      case "network": {
        this.call(1);
        this.settle(1000);
        const up = () => phase(1) === PppPhase.Network && s.context[1].ipcpReq !== null;
        const ok = this.converse(1, { auth: Auth.PAP, user: "plain", secret: "pl41n" }, up, seed);
        return { line: 1, reached: ok };
      }
      case "initiate": {
        this.call(5);
        this.settle(1000);
        const ok = this.converse(5, { auth: Auth.PAP, user: "Ted", secret: "Rhoda" }, () => phase(5) === PppPhase.Authenticate, seed);
        return { line: 5, reached: ok };
      }
      case "dialling": {
        // EXEC callback: milarepa is called back on the line she came in on.
        s.dialAnswer = "silent";
        this.login(3, "milarepa", "letmein");
        s.runUntil(s.now + 60_000, () => stateIs(3, LineState.Dialling) && s.callbackDialled > 0 && s.ex.chatActive(3) === 1 && this.atdSent(3));
        return { line: 3, reached: stateIs(3, LineState.Dialling) };
      }
      case "callbackLeg": {
        // Ted asks for RFC 1570 callback on line 1; the rotary line that dials answers CONNECT.
        this.call(1);
        this.settle(1000);
        const options = { auth: Auth.PAP, user: "Ted", secret: "Rhoda", callback: CallbackRequest.RFC1570, callbackOperation: 0 };
        const dialled = s.callbackDialled;
        let inPpp = false;
        this.converse(1, options, () => (inPpp ||= s.state[1] === LineState.Ppp) && s.state[1] !== LineState.Ppp, seed);
        s.signals(1, NO_CARRIER);
        s.dialAnswer = "connect";
        s.runUntil(s.now + 60_000, () => s.callbackDialled > dialled && FUZZ_LINES.some((l) => s.ex.pppPhase(l) === PppPhase.Establish));
        s.dialAnswer = "random";
        const line = FUZZ_LINES.find((l) => s.ex.pppPhase(l) === PppPhase.Establish) ?? 1;
        return { line, reached: s.state[line] === LineState.Ppp };
      }
      case "mnpLink": {
        // The server answered the Mac's LR and waits for the confirming LA (V.42 Annex A §A.7.1.4).
        const ok = this.arapCall("lancelot", "grail", () => s.mnpState[7] === MnpState.LrAnswered, seed);
        return { line: 7, reached: ok && stateIs(7, LineState.Arap) };
      }
      case "arapAuth": {
        const ok = this.arapCall("lancelot", "grail", () => s.arapState[7] === ArapState.Auth, seed);
        return { line: 7, reached: ok && stateIs(7, LineState.Arap) };
      }
      case "arapOpen": {
        const ok = this.arapCall("lancelot", "grail", () => s.arapState[7] === ArapState.Open, seed);
        return { line: 7, reached: ok && stateIs(7, LineState.Arap) };
      }
      case "arapLeg": {
        // excalibur asks for the callback on line 7; line 8 dials it and initiates MNP on CONNECT.
        const dialled = s.callbackDialled;
        let inArap = false;
        this.arapCall("excalibur", "guenivere", () => (inArap ||= stateIs(7, LineState.Arap)) && !stateIs(7, LineState.Arap), seed);
        s.signals(7, NO_CARRIER);
        s.dialAnswer = "connect";
        s.runUntil(s.now + 60_000, () => s.callbackDialled > dialled && stateIs(8, LineState.Arap));
        s.dialAnswer = "random";
        return { line: 8, reached: stateIs(8, LineState.Arap) };
      }
    }
  }

  private atdSent(line: number): boolean {
    return this.s.dialsSeen[line] > 0;
  }
}

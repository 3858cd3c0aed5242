// One PPP session between a dialback core line and a real pppd 2.4.9 in the guest: the core
// line is opened (server or client role) when pppd's first bytes arrive, its PPP events
// are decoded and timed, ICMP echo to our own address is answered through ipPush, and
// both directions are recorded for the pcap. A plan's tamper rewrites pppd's frames on
// their way to the core.

import { Core } from "../../../host/core/core.ts";
import { SystemClock } from "../../../host/core/clock.ts";
import { authUserAdd, decodePppEvent, entropyPush, ipPush, pppOpen, type PppEvent, type PppOptions, PppRole } from "../../../host/core/ppp.ts";
import { imageForLines } from "../../../host/image/writer.ts";
import { answerEcho } from "../../../host/net/icmp-echo.ts";
import { LineCapture } from "../../../host/trace/capture.ts";
import { linkCoreLine } from "./core-link.ts";
import { shellQuote, startGuest, type GuestFile } from "./guest.ts";
import type { FrameTamper } from "./tamper.ts";

export const LINE = 1;
/** Longer than the core's restart timer (3 s), which ends a terminated link. */
const LINK_DOWN_WAIT_MS = 5_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const SECRET = { client: "cli", server: "srv", secret: "s3cret" };
/** Fixed bytes for the core's entropy pool: the same challenges on every run. */
export const FIXED_ENTROPY = Buffer.from("dialback interop entropy 0001");

/** Created by the guest's /etc/ppp/ip-up once IPCP is up. */
export const LINK_UP_MARKER = "/run/link-up";

export interface PppdPlan {
  /** pppd's arguments after the device and speed, each one word. */
  args: string[];
  /**
   * Commands run once pppd's ip-up script has run (the link is up); pppd's pid is in $pppd.
   * Without it the script just waits for pppd.
   */
  whenUp?: string;
  timeoutSec: number;
}

export interface SessionPlan {
  role: PppRole;
  options: PppOptions;
  /** Local users of the core (name, secret). */
  users?: [string, string][];
  pppd: PppdPlan;
  /** Runs on every PPP event of the core (after it is recorded), e.g. to close the link. */
  onEvent?: (event: PppEvent, core: Core) => void;
  /** Rewrites each frame from pppd before the core gets it (see linkCoreLine); the capture shows what the core got. */
  tamper?: FrameTamper;
}

export interface Milestone {
  what: string;
  /** Milliseconds since the guest was started. */
  atMs: number;
}

export interface SessionResult {
  /** The guest script's status (see pppdSessionScript). */
  status: number;
  console: string;
  core: Core;
  capture: LineCapture;
  events: PppEvent[];
  traces: string[];
  echoReplies: number;
  refusedDatagrams: string[];
  refusedBytes: number;
  /** With a tamper: what pppd sent that was not a good frame (not passed on); should stay 0. */
  droppedNonFrames: number;
  /** Host-side failures (pppOpen or ipPush refused); should stay empty. */
  problems: string[];
  milestones: Milestone[];
}

/**
 * The guest's script: pppd in the background, an ip-up hook that marks the link up, then
 * `whenUp`; prints PPPD-EXIT=<status> and exits with whenUp's status (pppd's without it).
 */
export function pppdSessionScript(plan: PppdPlan, marker = LINK_UP_MARKER): string {
  const pppd = ["pppd", "/dev/ttyS1", "115200", ...plan.args].map(shellQuote).join(" ");
  const up = shellQuote(marker);
  const lines = [
    `${pppd} &`,
    "pppd=$!",
    `while [ ! -e ${up} ] && kill -0 "$pppd" 2>/dev/null; do sleep 0.2; done`,
  ];
  if (plan.whenUp === undefined) {
    lines.push("wait \"$pppd\"", "status=$?", "echo \"PPPD-EXIT=$status\"", "exit $status");
  } else {
    lines.push(
      `if [ ! -e ${up} ]; then wait "$pppd"; status=$?; echo "PPPD-EXIT=$status"; exit $status; fi`,
      plan.whenUp,
      "status=$?",
      "wait \"$pppd\"",
      "echo \"PPPD-EXIT=$?\"",
      "exit $status",
    );
  }
  return `${lines.join("\n")}\n`;
}

function guestFiles(): GuestFile[] {
  const secrets = `${SECRET.client} ${SECRET.server} "${SECRET.secret}" *\n`;
  return [
    { path: "/etc/ppp/pap-secrets", data: secrets, mode: 0o600 },
    { path: "/etc/ppp/chap-secrets", data: secrets, mode: 0o600 },
    // pppd runs /etc/ppp/ip-up once IPCP is up (and logs that it did).
    { path: "/etc/ppp/ip-up", data: `#!/bin/sh\ntouch ${LINK_UP_MARKER}\n`, mode: 0o755 },
  ];
}

export async function runPppSession(plan: SessionPlan): Promise<SessionResult> {
  const core = await Core.load();
  core.init(imageForLines([LINE]));
  entropyPush(core, FIXED_ENTROPY);
  for (const [name, secret] of plan.users ?? []) {
    if (authUserAdd(core, name, secret) < 0) throw new Error(`authUserAdd ${name} refused`);
  }
  const events: PppEvent[] = [];
  const traces: string[] = [];
  const refusedDatagrams: string[] = [];
  const problems: string[] = [];
  const milestones: Milestone[] = [];
  let echoReplies = 0;
  // The server knows its address from the start; a client learns it from IPCP.
  let ourAddresses = [plan.options.ourAddress].filter((a): a is string => a !== undefined);

  const guest = await startGuest({ command: pppdSessionScript(plan.pppd), files: guestFiles(), timeoutSec: plan.pppd.timeoutSec });
  // Time 0 of the core, the capture and the milestones: the guest has just been started.
  const clock = new SystemClock();
  const capture = new LineCapture({ clock });
  const mark = (what: string) => milestones.push({ what, atMs: Math.round(clock.now()) });
  // Registered before linkCoreLine's listener: the session exists before pppd's first
  // frame reaches the core, and our Configure-Request goes out only once pppd listens.
  guest.stream.once("data", () => {
    mark("pppd's first bytes");
    // The core knows the time only from tick: bring it up to date, or the restart timer
    // started by pppOpen would look 3 s old and fire at once.
    core.tick(clock.now());
    const status = pppOpen(core, LINE, plan.role, { ...plan.options, trace: true });
    if (status !== 0) problems.push(`pppOpen refused: ${status}`);
  });
  const link = linkCoreLine({
    stream: guest.stream,
    core,
    line: LINE,
    clock,
    capture,
    tamper: plan.tamper,
    onEvent: (raw) => {
      const event = decodePppEvent(raw);
      if (!event) return;
      if (event.type === "trace") {
        traces.push(event.text);
        return;
      }
      events.push(event);
      if (event.type === "authSucceeded" || event.type === "authFailed") mark(`${event.type} ${event.direction}`);
      if (["callbackAgreed", "ipcpUp", "ipcpDown", "linkDown"].includes(event.type)) mark(event.type);
      if (event.type === "ipcpUp") ourAddresses = [event.ourAddress];
      if (event.type === "ipDatagram") {
        const answer = answerEcho(event.datagram, ourAddresses);
        if ("reply" in answer) {
          if (ipPush(core, LINE, answer.reply)) echoReplies++;
          else problems.push("ipPush refused an echo reply");
        } else {
          refusedDatagrams.push(answer.refused);
        }
      }
      plan.onEvent?.(event, core);
    },
  });
  const status = await guest.exitStatus;
  mark("guest ended");
  // After a Terminate exchange the automaton waits one restart period (RFC 1661 §4.4,
  // Stopping/Closing) before it reports the link down; the line keeps ticking until then.
  const settleUntil = Date.now() + LINK_DOWN_WAIT_MS;
  while (!events.some((e) => e.type === "linkDown") && Date.now() < settleUntil) await sleep(100);
  link.stop();
  capture.finish();
  return {
    status,
    console: guest.consoleLog(),
    core,
    capture,
    events,
    traces,
    echoReplies,
    refusedDatagrams,
    refusedBytes: link.refusedBytes,
    droppedNonFrames: link.droppedNonFrames,
    problems,
    milestones,
  };
}

/** "name +1234 ms" for each milestone, for test diagnostics. */
export function timeline(result: SessionResult): string {
  return result.milestones.map((m) => `${m.what} +${m.atMs} ms`).join(", ");
}

// The line state machine on its own: carrier, activation flush, the login dialogue, the EXEC,
// timeouts and hang-up, driven with explicit times (no host, no clock).

import { arenaReset } from "../../../assembly/mem/arena";
import { eventsInit, eventTake, eventCurrentPtr, EventKind } from "../../../assembly/mem/events";
import { ringUsed, ringRead } from "../../../assembly/mem/ring";
import { linesReset, lineCreate, lineGet, Line } from "../../../assembly/line/lines";
import { SIGNAL_DCD, OUTPUT_DTR, OUTPUT_RTS } from "../../../assembly/mem/tty";
import {
  machinesReset, machineCreate, machineGet, LineMachine, LineState, ACTIVATION_FLUSH_MS, LOGIN_RESPONSE_MS, HANGUP_CARRIER_WAIT_MS,
} from "../../../assembly/line/machine-state";
import { machineSignals, machineReceive, machineTick } from "../../../assembly/line/machine";
import { hostnameKeep } from "../../../assembly/line/hostname";
import { directoryReset, directoryAdd } from "../../../assembly/users/directory";
import { LineEvent } from "../../../assembly/line/line-events";
import { LineFlag } from "../../../assembly/config/line-settings";
import { asciiBytes, ptrOf } from "../support/bytes";

const TTY = 7;

function setUp(flags: u32, execTimeoutMs: f64 = 600000): LineMachine {
  arenaReset();
  eventsInit(128, 8192);
  linesReset();
  machinesReset();
  directoryReset();
  lineCreate(TTY, flags, 256, 4096, 1600);
  machineCreate(TTY, flags, execTimeoutMs);
  const host = asciiBytes("gw");
  hostnameKeep(ptrOf(host), 2);
  const name = asciiBytes("Ted");
  const secret = asciiBytes("Rhoda");
  directoryAdd(ptrOf(name), 3, ptrOf(secret), 5, 0);
  return changetype<LineMachine>(machineGet(TTY));
}

function line(): Line {
  return changetype<Line>(lineGet(TTY));
}

// As the ABI's lineSignals does: the line keeps its inputs, the machine reacts.
function carrier(m: LineMachine, up: bool, now: f64): void {
  line().inputs = up ? SIGNAL_DCD : 0;
  machineSignals(m, line(), line().inputs, now);
}

function type(m: LineMachine, text: string, now: f64): void {
  const b = asciiBytes(text);
  machineReceive(m, line(), ptrOf(b), b.length, now);
}

function shown(): string {
  const l = line();
  const n = ringUsed(l.txRing);
  const tmp = heap.alloc(n);
  ringRead(l.txRing, tmp, n);
  return String.UTF8.decodeUnsafe(tmp, n);
}

/** The kinds of the events queued since the last call, as "kind:arg0" joined by ",". */
function events(): string {
  let out = "";
  for (let k = eventTake(); k != 0; k = eventTake()) out += (out.length ? "," : "") + k.toString() + ":" + load<i32>(eventCurrentPtr(), 8).toString();
  return out;
}

describe("line machine", () => {
  it("idle_carrier_up_flushes_then_asks_for_the_user_name", () => {
    const m = setUp(LineFlag.LoginLocal | LineFlag.FlushAtActivation);
    carrier(m, true, 0);
    expect(m.state).toBe(LineState.Activation);
    type(m, "noise", 10);
    expect(m.flushed).toBe(5);
    expect(machineTick(m, line(), 10)).toBe(ACTIVATION_FLUSH_MS);
    machineTick(m, line(), ACTIVATION_FLUSH_MS);
    expect(m.state).toBe(LineState.Username);
    expect(shown()).toBe("\r\n\r\nUser Access Verification\r\n\r\nUsername: ");
  });

  it("username_password_login_reaches_the_exec_prompt_and_reports_the_user", () => {
    const m = setUp(LineFlag.LoginLocal);
    carrier(m, true, 0);
    events();
    shown();
    type(m, "Ted\rRhoda\r", 5);
    expect(m.state).toBe(LineState.Exec);
    expect(m.userIndex).toBe(0);
    expect(shown()).toBe("Ted\r\nPassword: \r\n\r\ngw>");
    const state = LineEvent.LineState.toString() + ":";
    expect(events()).toBe(state + "4," + LineEvent.LoginSucceeded.toString() + ":0," + state + "5");
  });

  it("three_wrong_passwords_drop_dtr_and_carrier_loss_returns_to_idle", () => {
    const m = setUp(LineFlag.LoginLocal);
    carrier(m, true, 0);
    type(m, "Ted\rx\rTed\ry\rTed\rz\r", 5);
    expect(m.state).toBe(LineState.HangUp);
    expect(line().outputs).toBe(OUTPUT_DTR | OUTPUT_RTS, "DTR stays up while the last message leaves");
    shown(); // the host sent it
    machineTick(m, line(), 100);
    expect(line().outputs).toBe(OUTPUT_RTS);
    carrier(m, false, 100);
    expect(m.state).toBe(LineState.Idle);
    expect(line().outputs).toBe(OUTPUT_DTR | OUTPUT_RTS);
  });

  it("login_response_timeout_hangs_up", () => {
    const m = setUp(LineFlag.LoginLocal);
    carrier(m, true, 0);
    machineTick(m, line(), LOGIN_RESPONSE_MS - 1);
    expect(m.state).toBe(LineState.Username);
    machineTick(m, line(), LOGIN_RESPONSE_MS);
    expect(m.state).toBe(LineState.HangUp);
  });

  it("a_modem_that_keeps_carrier_after_dtr_drop_is_reported_and_the_line_goes_idle", () => {
    const m = setUp(0);
    carrier(m, true, 0);
    shown();
    type(m, "exit\r", 1);
    shown(); // the host sent what was queued
    machineTick(m, line(), 100); // DTR drops now
    expect(line().outputs).toBe(OUTPUT_RTS);
    events();
    machineTick(m, line(), 100 + HANGUP_CARRIER_WAIT_MS);
    expect(m.state).toBe(LineState.Idle);
    expect(events().includes(LineEvent.HangUpTimeout.toString() + ":0")).toBe(true);
  });

  it("exec_timeout_counts_from_the_last_input", () => {
    const m = setUp(0, 60000);
    carrier(m, true, 0);
    type(m, "\r", 50000);
    machineTick(m, line(), 60000);
    expect(m.state).toBe(LineState.Exec);
    machineTick(m, line(), 110000);
    expect(m.state).toBe(LineState.HangUp);
  });

  it("a_password_never_outlives_its_prompt_in_the_editor", () => {
    const m = setUp(LineFlag.LoginLocal);
    carrier(m, true, 0);
    type(m, "Ted\rwrongpass\r", 1);
    for (let i: u32 = 0; i < 9; i++) expect(load<u8>(m.editor.buf + i)).toBe(0, "a refused password is wiped");
    type(m, "Ted\rhalf", 2);
    carrier(m, false, 3);
    for (let i: u32 = 0; i < 4; i++) expect(load<u8>(m.editor.buf + i)).toBe(0, "a half-typed password is wiped when the call ends");
  });

  it("carrier_loss_in_the_middle_of_a_login_forgets_the_user", () => {
    const m = setUp(LineFlag.LoginLocal);
    carrier(m, true, 0);
    type(m, "Ted\r", 1);
    carrier(m, false, 2);
    expect(m.state).toBe(LineState.Idle);
    expect(m.userLen).toBe(0);
    expect(events().includes(LineEvent.CarrierLost.toString() + ":" + LineState.Password.toString())).toBe(true);
  });
});

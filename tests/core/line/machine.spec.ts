// The line state machine on its own, for what the host cannot see: the editor's buffer and the
// name a dropped call had typed. The dialogue, the flush, the timeouts and hang-up are checked
// from the host, on the built module (tests/host/line/machine.test.ts).

import { arenaReset } from "../../../assembly/mem/arena";
import { eventsInit, eventTake, eventCurrentPtr } from "../../../assembly/mem/events";
import { linesReset, lineCreate, lineGet, Line } from "../../../assembly/line/lines";
import { SIGNAL_DCD } from "../../../assembly/mem/tty";
import { machinesReset, machineCreate, machineGet, LineMachine, LineState } from "../../../assembly/line/machine-state";
import { machineSignals, machineReceive } from "../../../assembly/line/machine";
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

/** The kinds of the events queued since the last call, as "kind:arg0" joined by ",". */
function events(): string {
  let out = "";
  for (let k = eventTake(); k != 0; k = eventTake()) out += (out.length ? "," : "") + k.toString() + ":" + load<i32>(eventCurrentPtr(), 8).toString();
  return out;
}

describe("line machine", () => {
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

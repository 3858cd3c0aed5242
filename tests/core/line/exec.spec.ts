// The small EXEC (line/exec.ts) on its own: what each command answers, IOS's unique-prefix
// abbreviations, the marker under the first word it cannot take, and `show callback` as the
// view the callback layer registers. Driven with explicit times (no host, no clock).

import { arenaReset } from "../../../assembly/mem/arena";
import { eventsInit } from "../../../assembly/mem/events";
import { ringUsed, ringRead } from "../../../assembly/mem/ring";
import { linesReset, lineCreate, lineGet, Line } from "../../../assembly/line/lines";
import { machinesReset, machineCreate, machineGet, LineMachine, LineState } from "../../../assembly/line/machine-state";
import { execRun, ExecOutcome, execSetCallbackView } from "../../../assembly/line/exec";
import { hostnameKeep } from "../../../assembly/line/hostname";
import { textPut, textPutNumber } from "../../../assembly/line/text";
import { directoryReset, directoryAdd } from "../../../assembly/users/directory";
import { asciiBytes, ptrOf } from "../support/bytes";

const TTY = 7;
const HEADER = "  Id User       Method   Number           In Out State      Result           Secs\r\n";

function setUp(): LineMachine {
  arenaReset();
  eventsInit(64, 4096);
  linesReset();
  machinesReset();
  directoryReset();
  for (let tty = 7; tty <= 9; tty++) {
    lineCreate(tty, 0, 256, 4096, 1600);
    machineCreate(tty, 0, 600000);
  }
  const host = asciiBytes("gw");
  hostnameKeep(ptrOf(host), 2);
  const name = asciiBytes("Ted");
  directoryAdd(ptrOf(name), 3, ptrOf(name), 3, 0);
  const m = machineGet(TTY)!;
  m.state = LineState.Exec;
  m.userIndex = 0;
  return m;
}

function line(): Line {
  return lineGet(TTY)!;
}

function run(m: LineMachine, command: string, now: f64 = 0): ExecOutcome {
  const b = asciiBytes(command);
  return execRun(m, line(), ptrOf(b), b.length, now);
}

function shown(): string {
  const l = line();
  const n = ringUsed(l.txRing);
  const tmp = heap.alloc(n);
  ringRead(l.txRing, tmp, n);
  return String.UTF8.decodeUnsafe(tmp, n);
}

// A view as the callback layer registers one: it is given the asker's line and the time.
function viewSeen(l: Line, now: f64): void {
  textPut(l, "view at ");
  textPutNumber(l, <u32>now);
}

describe("exec", () => {
  it("exit_logout_and_quit_end_the_call_ppp_starts_it_and_an_empty_line_prompts_again", () => {
    const m = setUp();
    expect(run(m, "exit")).toBe(ExecOutcome.HangUp);
    expect(run(m, "logout")).toBe(ExecOutcome.HangUp);
    expect(run(m, "q")).toBe(ExecOutcome.HangUp, "a unique prefix of quit");
    expect(run(m, "ppp")).toBe(ExecOutcome.Ppp);
    expect(run(m, "   ")).toBe(ExecOutcome.Prompt);
    expect(shown()).toBe("");
  });

  it("show_users_lists_the_lines_with_a_session_and_marks_the_askers_own", () => {
    const m = setUp();
    machineGet(9)!.state = LineState.Ppp;
    expect(run(m, "sh us", 65000)).toBe(ExecOutcome.Prompt);
    expect(shown()).toBe(
      "    Line       User       Host(s)              Idle       Location\r\n" +
      "*  7 tty 7     Ted        idle                 00:01:05\r\n" +
      "   9 tty 9                PPP                  00:01:05\r\n",
    );
  });

  it("show_line_gives_every_line_its_modem_uses_noise_and_state", () => {
    const m = setUp();
    machineGet(8)!.uses = 12;
    machineGet(8)!.flushed = 3;
    expect(run(m, "SHOW LINE")).toBe(ExecOutcome.Prompt, "IOS takes commands in any case");
    expect(shown()).toBe(
      "   Tty Typ     Modem   Uses   Noise  State\r\n" +
      "*    7 TTY     -          0       0  idle\r\n" +
      "     8 TTY     -         12       3  login\r\n" +
      "     9 TTY     -          0       0  login\r\n",
    );
  });

  it("a_word_it_cannot_take_gets_the_marker_under_its_first_character", () => {
    const m = setUp();
    run(m, "show bogus");
    expect(shown()).toBe("        ^\r\n% Invalid input detected at '^' marker.\r\n", "under the b of bogus, after the prompt gw>");
    run(m, "exit now");
    expect(shown()).toBe("        ^\r\n% Invalid input detected at '^' marker.\r\n");
    run(m, "frobnicate");
    expect(shown()).toBe("   ^\r\n% Invalid input detected at '^' marker.\r\n");
    run(m, "show");
    expect(shown()).toBe("% Incomplete command.\r\n");
  });

  it("show_callback_is_only_a_header_until_callback_registers_its_view_then_the_view", () => {
    const m = setUp();
    run(m, "show callback", 4321);
    expect(shown()).toBe(HEADER, "no callbacks without the layer that keeps them");
    execSetCallbackView(viewSeen);
    run(m, "sh cal", 4321);
    expect(shown()).toBe("view at 4321");
  });
});

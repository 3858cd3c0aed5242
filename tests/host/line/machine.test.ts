// The line state machine seen from the host: carrier, activation flush, the login dialogue,
// the EXEC, timeouts and hang-up. What the host cannot see (the editor's buffer, the name a
// dropped call had typed) is checked in tests/core/line/machine.spec.ts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Core } from "../../../host/core/core.ts";
import { EventKind, LineCounter, LineEvent, LineState, Output } from "../../../host/core/abi.ts";
import { imageForLines, DEFAULT_SYSTEM, LineFlag } from "../../../host/image/writer.ts";
import { Terminal } from "../../support/terminal.ts";
import { hdlcFrame } from "../../support/hdlc.ts";

async function lineWith(flags: number, tty = 7): Promise<Terminal> {
  const core = await Core.load();
  core.init(imageForLines([tty, tty + 1], DEFAULT_SYSTEM, flags));
  core.setHostname("dialback");
  core.addUser("Ted", "Rhoda");
  return new Terminal(core, tty);
}

function states(t: Terminal): LineState[] {
  return t.eventsOf(LineEvent.LineState).map((e) => e.args[0]);
}

function outputs(t: Terminal): number[] {
  return t.eventsOf(EventKind.SignalsSet).map((e) => e.args[0]);
}

test("carrier_up_flushes_noise_then_login_dialogue_reaches_the_exec_prompt", async () => {
  const t = await lineWith(LineFlag.LoginLocal | LineFlag.FlushAtActivation);
  t.carrier(true);
  t.type("\x00\xff+++noise");
  assert.equal(t.read(), "", "nothing is shown while the line is being activated");
  t.wait(999);
  assert.equal(t.read(), "", "the flush lasts one second from carrier");
  t.wait(1);
  assert.equal(t.read(), "\r\n\r\nUser Access Verification\r\n\r\nUsername: ");
  t.type("Ted\r");
  assert.equal(t.read(), "Ted\r\nPassword: ");
  t.type("Rhoda\r");
  assert.equal(t.read(), "\r\n\r\ndialback>", "the password is not echoed");
  assert.deepEqual(states(t), [LineState.Activation, LineState.Username, LineState.Password, LineState.Exec]);
  const ok = t.eventsOf(LineEvent.LoginSucceeded);
  assert.equal(ok.length, 1);
  assert.equal(ok[0].args[0], 0, "the user's index in the directory");
  assert.equal(Buffer.from(ok[0].data).toString(), "Ted");
  assert.equal(t.events.some((e) => Buffer.from(e.data).toString().includes("Rhoda")), false, "no event carries the password");
  t.type("show line\r");
  assert.match(t.read(), /\*\s+7 TTY\s+-\s+1\s+10\s+/, "the ten bytes of noise were flushed, not taken as a name");
});

test("wrong_password_three_times_hangs_up_with_dtr_drop", async () => {
  const t = await lineWith(LineFlag.LoginLocal);
  t.carrier(true);
  for (let i = 0; i < 3; i++) t.type("Ted\rwrong\r");
  assert.equal(outputs(t).includes(Output.RTS), false, "DTR stays up while the last message leaves");
  t.wait(50); // the last "% Login invalid" leaves before DTR drops
  const shown = t.read();
  assert.equal(shown.split("% Login invalid").length - 1, 3);
  assert.equal(t.eventsOf(LineEvent.LoginFailed).length, 3);
  assert.deepEqual(outputs(t).at(-1), Output.RTS, "DTR dropped");
  assert.equal(states(t).at(-1), LineState.HangUp);
  t.carrier(false);
  assert.equal(states(t).at(-1), LineState.Idle);
  assert.deepEqual(outputs(t).at(-1), Output.DTR | Output.RTS, "DTR raised again for the next call");
  assert.equal(t.eventsOf(LineEvent.CarrierLost).length, 0, "a hang-up we asked for is not a carrier loss");
});

test("login_response_timeout_hangs_up_after_30_seconds", async () => {
  const t = await lineWith(LineFlag.LoginLocal);
  t.carrier(true);
  t.read();
  t.wait(29_999);
  assert.equal(states(t).at(-1), LineState.Username);
  t.wait(1);
  assert.equal(states(t).at(-1), LineState.HangUp, "30 s from the prompt, to the millisecond");
  t.wait(500);
  assert.match(t.read(), /timeout expired/);
  assert.equal(states(t).at(-1), LineState.HangUp);
  t.wait(5_000);
  assert.equal(t.eventsOf(LineEvent.HangUpTimeout).length, 1, "modem that keeps carrier is reported");
  assert.equal(states(t).at(-1), LineState.Idle);
});

test("exec_commands_abbreviations_and_the_marker_error", async () => {
  const t = await lineWith(0);
  t.carrier(true);
  assert.equal(t.read(), "\r\ndialback>");
  t.type("sh us\r");
  const users = t.read();
  assert.match(users, /Line\s+User\s+Host\(s\)\s+Idle\s+Location/);
  assert.match(users, /\*\s+7 tty 7\s+idle\s+00:00:00/);
  t.type("frobnicate\r");
  assert.equal(t.read(), "frobnicate\r\n         ^\r\n% Invalid input detected at '^' marker.\r\n\r\ndialback>");
  t.type("show line\r");
  assert.match(t.read(), /\*\s+7 TTY\s+-\s+1\s+0\s+idle\r\n\s+8 TTY/);
  t.type("show\r");
  assert.match(t.read(), /% Incomplete command\./);
  t.type("exit\r");
  assert.equal(states(t).at(-1), LineState.HangUp);
});

test("exec_timeout_hangs_up_an_idle_session_and_typing_postpones_it", async () => {
  const t = await lineWith(0);
  t.carrier(true);
  t.wait(9 * 60_000);
  t.type("\r");
  t.wait(9 * 60_000);
  assert.equal(states(t).at(-1), LineState.Exec);
  t.wait(61_000);
  assert.equal(t.eventsOf(LineEvent.ExecTimeout).length, 1);
  assert.equal(states(t).at(-1), LineState.HangUp);
});

test("autoselect_ppp_hands_the_first_frame_to_the_lines_ppp_session", async () => {
  const t = await lineWith(LineFlag.AutoselectPpp | LineFlag.LoginLocal);
  t.carrier(true);
  const confreq = Buffer.from("ff03c021010100140206000000000506c8035b3507020802", "hex");
  t.type(hdlcFrame(confreq));
  assert.deepEqual(states(t), [LineState.Activation, LineState.Autoselect, LineState.Ppp]);
  assert.equal(t.eventsOf(LineEvent.PppStarted)[0].args[0], 0);
  assert.equal(t.eventsOf(EventKind.FrameReceived).length, 0, "the frame went to the session, not out as a raw event");
  assert.equal(t.core.counter(7, LineCounter.PppFramesIn), 1);
  const sent = t.read();
  assert.ok(sent.startsWith("~\xff}#\xc0!"), "the session answers with LCP, no text is written");
});

test("autoselect_carriage_return_starts_the_login_and_during_login_prompts_at_once", async () => {
  const t = await lineWith(LineFlag.AutoselectPpp | LineFlag.LoginLocal);
  t.carrier(true);
  assert.equal(t.read(), "");
  t.type("\r");
  assert.match(t.read(), /Username: $/);
  const d = await lineWith(LineFlag.AutoselectPpp | LineFlag.AutoselectDuringLogin | LineFlag.LoginLocal);
  d.carrier(true);
  assert.match(d.read(), /Username: $/);
  d.type(hdlcFrame(Buffer.from("ff03c02101010004", "hex")));
  assert.equal(states(d).at(-1), LineState.Ppp, "a frame at the Username prompt still starts PPP");
});

test("autoselect_arap_start_bytes_start_arap_on_a_line_with_arap_enable", async () => {
  const t = await lineWith(LineFlag.AutoselectArap | LineFlag.ArapEnable);
  t.carrier(true);
  t.type(Buffer.from([0x16, 0x16, 0x10, 0x02]));
  assert.equal(t.eventsOf(LineEvent.ArapStarted).length, 1);
  assert.equal(states(t).at(-1), LineState.Arap);
  // IOS: autoselect arap takes ARA only where `arap enable` allows it.
  const off = await lineWith(LineFlag.AutoselectArap);
  off.carrier(true);
  off.type(Buffer.from([0x16, 0x16, 0x10, 0x02]));
  assert.equal(off.eventsOf(LineEvent.ArapStarted).length, 0);
});

test("carrier_loss_in_any_state_returns_the_line_to_idle", async () => {
  for (const script of ["", "Ted\r", "Ted\rRhoda\r"]) {
    const t = await lineWith(LineFlag.LoginLocal);
    const arenaBefore = t.core.exports.memoryArenaUsed();
    t.carrier(true);
    t.type(script);
    t.carrier(false);
    assert.equal(states(t).at(-1), LineState.Idle);
    assert.equal(t.eventsOf(LineEvent.CarrierLost).length, 1);
    assert.equal(t.core.exports.memoryArenaUsed(), arenaBefore);
    t.carrier(true);
    t.read();
    t.type("Ted\rRhoda\r");
    assert.match(t.read(), /dialback>$/, "the next call logs in afresh");
  }
});

test("ppp_command_at_the_exec_starts_ppp", async () => {
  const t = await lineWith(0);
  t.carrier(true);
  t.type("ppp\r");
  assert.match(t.read(), /Entering PPP mode\.\r\n~\xff}#\xc0!/, "the notice, then LCP's first Configure-Request");
  assert.equal(t.eventsOf(LineEvent.PppStarted)[0].args[0], 1);
});

// The login dialogue through the board ABI, from an image with a Login section (10): the line
// password, `login` without one, quiet mode across lines, the login delay, field lengths, and
// the section checks of init.

import { init, rxPush, txPeek, txPtr, txCommit, lineSignals, tick, eventNext, eventPtr } from "../../../assembly/abi/exports";
import { fcs32Update, FCS32_INIT } from "../../../assembly/wire/fcs";
import { IMAGE_MAGIC } from "../../../assembly/config/image";
import { LineEvent, LoginBlock, LoginFailure } from "../../../assembly/line/line-events";
import { asciiBytes, ptrOf } from "../support/bytes";

const LOGIN_LINE: u16 = 1 << 2;
const LOGIN_LOCAL: u16 = 1 << 0;

// Writes `b` at `at` and returns the next offset.
function put16(p: usize, at: u32, v: u32): u32 {
  store<u16>(p + at, <u16>v);
  return at + 2;
}

/**
 * An image with System, Lines (TTY 4 and 7 with `flags`) and a Login section: block-for
 * 60 s after 3 failures in 30 s, `login delay` `delayS`, TTY 4's password `h0me`, TTY 7 none.
 */
function image(flags: u16, delayS: u32, passwordLen: u32 = 4, tty: u32 = 4): StaticArray<u8> {
  const total: u32 = 24 + 3 * 12 + 20 + 12 + 32;
  const out = new StaticArray<u8>(total);
  const p = ptrOf(out);
  store<u32>(p, IMAGE_MAGIC);
  store<u16>(p, 1, 4);
  store<u16>(p, 24, 6);
  store<u32>(p, total, 8);
  store<u16>(p, 3, 16);
  const dir = p + 24;
  const system: u32 = 60;
  const lines: u32 = 80;
  const login: u32 = 92;
  store<u16>(dir, 1);
  store<u32>(dir, system, 4);
  store<u32>(dir, 20, 8);
  store<u16>(dir + 12, 2);
  store<u32>(dir + 12, lines, 4);
  store<u32>(dir + 12, 12, 8);
  store<u16>(dir + 24, 10);
  store<u32>(dir + 24, login, 4);
  store<u32>(dir + 24, 32, 8);
  store<u32>(p + system, 256);
  store<u32>(p + system, 512, 4);
  store<u32>(p + system, 1600, 8);
  store<u32>(p + system, 64, 12);
  store<u32>(p + system, 4096, 16);
  let at = put16(p, lines, 2);
  at = put16(p, at, 4);
  at = put16(p, at, 4);
  at = put16(p, at, flags);
  at = put16(p, at, 7);
  put16(p, at, flags);
  // Login: flags (block-for), 60 s, 3 attempts, within 30 s, delay, 1 record of 8 bytes.
  at = put16(p, login, 1);
  at = put16(p, at, 60);
  at = put16(p, at, 3);
  at = put16(p, at, 30);
  at = put16(p, at, delayS);
  at = put16(p, at, 1);
  at = put16(p, at, 8);
  at = put16(p, at, 0);
  at = put16(p, at, tty);
  at = put16(p, at, 10); // timeout login response 10
  at = put16(p, at, 24); // password offset in the section
  store<u8>(p + at, <u8>passwordLen);
  store<u8>(p + at + 1, 1);
  const pw = "h0me";
  for (let i = 0; i < 4; i++) store<u8>(p + login + 24 + i, <u8>pw.charCodeAt(i));
  store<u32>(p, ~fcs32Update(FCS32_INIT, p + 16, total - 16), 12);
  return out;
}

// The core's clock never goes back, across specs too.
let now: f64 = 0;

function boot(flags: u16, delayS: u32 = 0): void {
  const img = image(flags, delayS);
  expect(init(ptrOf(img), img.length)).toBe(0);
  tick(now);
  drained(4);
  drained(7);
  events();
}

function later(ms: f64): void {
  now += ms;
  tick(now);
}

function call(tty: i32): void {
  lineSignals(tty, 1 | 4 | 8);
}

function type(tty: i32, text: string): void {
  const b = asciiBytes(text);
  expect(rxPush(tty, ptrOf(b), b.length)).toBe(b.length);
}

function drained(tty: i32): string {
  let s = "";
  for (let n = txPeek(tty); n > 0; n = txPeek(tty)) {
    s += String.UTF8.decodeUnsafe(txPtr(tty), n);
    txCommit(tty, n);
  }
  return s;
}

/** "kind:line:arg0:arg2" of the login events queued since the last call. */
function events(): string {
  let out = "";
  for (let k = eventNext(); k != 0; k = eventNext()) {
    if (k < LineEvent.LoginSucceeded || k > LineEvent.LoginBlocked || k == LineEvent.CarrierLost) continue;
    if (k > LineEvent.LoginFailed && k < LineEvent.QuietModeOn) continue;
    const e = eventPtr();
    out += (out.length ? "," : "") + k.toString() + ":" + load<u16>(e, 4).toString() + ":" + load<i32>(e, 8).toString() + ":" + load<i32>(e, 16).toString();
  }
  return out;
}

const FAILED = LineEvent.LoginFailed.toString();

describe("login dialogue", () => {
  it("login_with_a_line_password_asks_for_it_alone_and_bad_passwords_hang_up", () => {
    boot(LOGIN_LINE);
    call(4);
    expect(drained(4)).toBe("\r\n\r\nUser Access Verification\r\n\r\nPassword: ");
    type(4, "x\r");
    later(1000); // IOS's 1 s login delay with block-for
    type(4, "y\r");
    later(1000);
    type(4, "z\r");
    expect(drained(4)).toBe("\r\nPassword: \r\nPassword: \r\n% Bad passwords\r\n");
    const quiet = LineEvent.QuietModeOn.toString() + ":4:60:30"; // and they were three within 30 s
    expect(events()).toBe(FAILED + ":4:1:0," + FAILED + ":4:2:0," + FAILED + ":4:3:0," + quiet);
  });

  it("the_right_line_password_opens_the_exec_without_a_user", () => {
    boot(LOGIN_LINE);
    call(4);
    drained(4);
    type(4, "h0me\r");
    expect(drained(4)).toBe("\r\n\r\nRouter>");
    expect(events()).toBe(LineEvent.LoginSucceeded.toString() + ":4:-1:0");
  });

  it("login_on_a_line_without_a_password_refuses_every_caller", () => {
    boot(LOGIN_LINE);
    call(7);
    expect(drained(7)).toBe("\r\n% Password required, but none set\r\n");
    expect(events()).toBe(LineEvent.LoginBlocked.toString() + ":7:" + LoginBlock.NoPassword.toString() + ":0");
  });

  it("three_failures_on_one_line_close_logins_on_another_until_the_block_period_ends", () => {
    boot(LOGIN_LOCAL);
    call(4);
    type(4, "a\rb\r");
    later(1000); // IOS's 1 s login delay with block-for
    type(4, "a\rb\r");
    later(1000);
    type(4, "a\rb\r");
    expect(events()).toBe(FAILED + ":4:1:0," + FAILED + ":4:2:0," + FAILED + ":4:3:0," + LineEvent.QuietModeOn.toString() + ":4:60:30");
    call(7);
    expect(drained(7)).toBe("");
    expect(events()).toBe(LineEvent.LoginBlocked.toString() + ":7:" + LoginBlock.QuietMode.toString() + ":0");
    later(60000);
    expect(events()).toBe(LineEvent.QuietModeOff.toString() + ":65535:0:0");
  });

  it("the_login_delay_holds_the_prompt_and_input_meanwhile_is_dropped", () => {
    boot(LOGIN_LOCAL, 3);
    call(4);
    drained(4);
    type(4, "a\rb\r");
    expect(drained(4)).toBe("a\r\nPassword: \r\n% Login invalid\r\n\r\n");
    type(4, "typed ahead\r");
    later(2999);
    expect(drained(4)).toBe("");
    later(1);
    expect(drained(4)).toBe("Username: ");
  });

  it("the_prompt_deadline_is_the_lines_timeout_login_response_from_the_prompt", () => {
    boot(LOGIN_LINE);
    call(4);
    drained(4);
    later(9000);
    type(4, "h");
    later(999);
    expect(drained(4)).toBe("");
    later(1);
    expect(drained(4)).toBe("\r\n% Password:  timeout expired!\r\n");
    expect(events()).toBe(FAILED + ":4:1:" + LoginFailure.Timeout.toString());
  });

  it("a_user_name_past_32_characters_ends_the_attempt", () => {
    boot(LOGIN_LOCAL);
    call(4);
    drained(4);
    type(4, "0123456789012345678901234567890123");
    expect(drained(4)).toBe("01234567890123456789012345678901\r\n% Login invalid\r\n\r\n");
    expect(events()).toBe(FAILED + ":4:1:" + LoginFailure.TooLong.toString());
    later(1000);
    expect(drained(4)).toBe("Username: ", "the 34th character fell into the login delay");
  });

  it("a_login_section_that_does_not_fit_its_lines_is_refused", () => {
    let img = image(LOGIN_LINE, 0, 4, 5); // TTY 5 is no line
    expect(init(ptrOf(img), img.length)).toBe(-9);
    img = image(LOGIN_LINE, 0, 65); // longer than the password field
    expect(init(ptrOf(img), img.length)).toBe(-9);
    img = image(LOGIN_LINE, 11); // login delay is 1-10 s
    expect(init(ptrOf(img), img.length)).toBe(-9);
  });
});

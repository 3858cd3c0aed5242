// The record of one TTY line's state machine, its states, and the table of them. What each
// state does is machine.ts (one enter-state function, the handlers of input, signals and
// time); the login (login.ts), the EXEC (exec.ts) and the PPP link (ppp-link.ts) read and
// write this record and tell machine.ts which state comes next.

import { arenaTake } from "../mem/arena";
import { MAX_LINES } from "../mem/tty";
import { Editor, EDITOR_BYTES } from "./editor";
import { lineGet } from "./lines";
import { LineFlag } from "../config/line-settings";
import { LOGIN_RESPONSE_DEFAULT_MS } from "../config/login";
import { loginGuardConfigure } from "./login-guard";
import { ringWatchReset } from "./ring-watch";
import { hostnameReset, execPromptPut } from "./hostname";

export const enum LineState {
  Idle = 0,
  Activation = 1,
  Autoselect = 2,
  Username = 3,
  Password = 4,
  Exec = 5,
  Ppp = 6,
  Arap = 7,
  HangUp = 8,
  Dialling = 9, // a callback script runs on this line
  CallbackNumber = 10, // EXEC callback asks the user for the number
  LoginWait = 11, // the host asks an AAA server about the login (AuthRequest event)
  LoginDelay = 12, // `login delay`: the next attempt's prompt waits
  ModemInit = 13, // the line's modem is set up (script startup|reset, modem autoconfigure): at start and after every hang-up
}

/**
 * What a state's handler asks for next: a LineState to enter (HangUp: hang the call up, as
 * machineHangUp does), or STAY. Handlers return it; only machine.ts enters states.
 */
export const STAY: i32 = -1;

/** IOS clears what arrives in the first moments after activation (line noise). */
export const ACTIVATION_FLUSH_MS: f64 = 1000;
/** IOS `timeout login response` default (a line's own value is in loginResponseMs). */
export const LOGIN_RESPONSE_MS: f64 = LOGIN_RESPONSE_DEFAULT_MS;
/** How long a login waits for the host's AAA answer: IOS's RADIUS 5 s × 4 tries on three servers. */
export const LOGIN_AAA_WAIT_MS: f64 = 60000;
export const LOGIN_TRIES: u32 = 3;
/** How long a hang-up waits for the modem to drop carrier before giving up on it. */
export const HANGUP_CARRIER_WAIT_MS: f64 = 5000;
export const USER_BYTES: u32 = 32;

//  LineMachine (per configured line):
//  tty, state, flags, loginTries, userIndex, arapProgress, uses, flushed (u32 each),
//  deadline, execTimeoutMs, since, lastInput (f64), editor (Editor), user name buffer.
@unmanaged
export class LineMachine {
  tty: u32;
  state: u32;
  flags: u32;
  loginTries: u32;
  userIndex: i32;
  arapProgress: u32;
  uses: u32;
  flushed: u32;
  deadline: f64;
  execTimeoutMs: f64;
  since: f64;
  lastInput: f64;
  editor: Editor;
  user: usize;
  userLen: u32;
  /** Id of the session on the line, shared by every event of one callback story. */
  sessionId: u32;
  /** Non-zero while the line dials a callback or carries its leg (the callback's id). */
  callbackLeg: u32;
  /** After an EXEC callback without nocallback-verify, only this user may log in. */
  expectedUser: i32;
  /** Discard received bytes up to a line end (the rest of a modem's CONNECT line). */
  skipToLineEnd: u32;
  /** Hanging up: output still leaving before DTR drops. */
  draining: u32;
  drainUntil: f64;
  /** Token of the login question the host was asked (protocol/auth-token.ts); 0 = none. */
  authToken: u32;
  /** `timeout login response`: each login prompt's deadline, counted from the prompt. */
  loginResponseMs: f64;
}

let sessionCounter: u32 = 0;

// @ts-ignore: decorator
@lazy const machines: usize = memory.data(MAX_LINES * 4, 4);

export function machinesReset(): void {
  memory.fill(machines, 0, <usize>MAX_LINES * 4);
  ringWatchReset();
  hostnameReset();
  sessionCounter = 0;
  loginGuardConfigure(0, 0, 0);
}

export function machineGet(tty: i32): LineMachine | null {
  if (tty < 0 || tty >= MAX_LINES) return null;
  const at = load<usize>(machines + (<usize>tty << 2));
  return at == 0 ? null : changetype<LineMachine>(at);
}

/** The id of a new session on a line (every call the line takes, every callback it dials). */
export function machineNextSession(): u32 {
  return ++sessionCounter;
}

/** Carves the machine of a configured line; execTimeoutMs 0 disables the idle timeout. */
export function machineCreate(tty: i32, flags: u32, execTimeoutMs: f64): bool {
  const at = arenaTake(offsetof<LineMachine>(), 8);
  const editor = arenaTake(offsetof<Editor>(), 4);
  const editorBuf = arenaTake(<i32>EDITOR_BYTES, 4);
  const user = arenaTake(<i32>USER_BYTES, 4);
  if (!at || !editor || !editorBuf || !user) return false;
  const m = changetype<LineMachine>(at);
  m.tty = <u32>tty;
  m.flags = flags;
  m.execTimeoutMs = execTimeoutMs;
  m.loginResponseMs = LOGIN_RESPONSE_DEFAULT_MS;
  m.editor = changetype<Editor>(editor);
  m.editor.buf = editorBuf;
  m.user = user;
  m.userIndex = -1;
  m.expectedUser = -1;
  m.deadline = -1;
  m.state = LineState.Idle;
  store<usize>(machines + (<usize>tty << 2), at);
  const l = lineGet(tty);
  // The console starts at the prompt; nothing changed on a line, so no event is reported.
  if ((flags & LineFlag.Console) != 0 && l != null) {
    m.state = LineState.Exec;
    execPromptPut(l);
  }
  return true;
}

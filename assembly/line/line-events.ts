// Event kinds of the line layer (range 64-95 of EventKind; see boards/abi.md).

export const enum LineEvent {
  LineState = 64, // arg0 = new state, arg1 = previous (LineState)
  LoginSucceeded = 65, // arg0 = user index (-1: the line password); arg1 = 1 with `login on-success log`; payload = user name
  LoginFailed = 66, // arg0 = attempts so far, arg1 = 1 not the user called back, arg2 = LoginFailure; payload = the name if a user (never the password)
  CarrierLost = 67, // arg0 = the state the line was in
  PppStarted = 68, // arg0 = 0 autoselect, 1 EXEC command
  ArapStarted = 69,
  ExecTimeout = 70,
  HangUpTimeout = 71, // carrier stayed up after DTR dropped
  AaaTimeout = 72, // the host never answered a login's AuthRequest: refused
  QuietModeOn = 73, // arg0 = block seconds, arg1 = attempts, arg2 = within seconds, arg3 = watch seconds left; payload = user if one
  QuietModeOff = 74, // on GLOBAL_LINE: the block period is over
  LoginBlocked = 75, // arg0 = LoginBlock, arg1 = seconds of quiet mode left: the call is closed without a login
  ModemReady = 76, // the line's modem is set up: arg0 = ModemStep bits run, arg1 = failed attempts before
  ModemFailed = 77, // arg0 = ModemStep, arg1 = ChatResult, arg2 = failures in a row, arg3 = ms until the next attempt
  ModemAnswered = 78, // the modem reported RING and the line answered with ATA (its modem type does not auto-answer)
  ModemIdentified = 79, // discovery chose a type: arg0 1 recognised, 0 not (default); arg1 name length; payload name, the modem's words
}

/** What a line's modem set-up runs (ModemReady arg0 bits, ModemFailed arg0). */
export const enum ModemStep {
  Startup = 1, // `script startup` (once, at start)
  Reset = 2, // `script reset` (after every hang-up)
  Autoconfigure = 4, // `modem autoconfigure`: the modem type's commands, after checking that the modem answers ATQ0V1 (results in words)
  Discovery = 8, // `modem autoconfigure discovery`: the modem is asked who it is (ATI3, ATI0, ATI4) before its type's commands
}

/** Why a login attempt failed (LoginFailed arg2). */
export const enum LoginFailure {
  Invalid = 0,
  Timeout = 1, // an answer begun was not finished before the prompt's deadline
  TooLong = 2, // input past the field's length
}

/** Why a login was refused without an attempt (LoginBlocked arg0). */
export const enum LoginBlock {
  QuietMode = 0, // `login block-for` quiet mode
  NoPassword = 1, // `login` on a line with no `password`
}

// Event kinds of the line layer (range 64-95 of EventKind; see boards/abi.md).

export const enum LineEvent {
  LineState = 64, // arg0 = new state, arg1 = previous (LineState)
  LoginSucceeded = 65, // arg0 = user index; payload = user name
  LoginFailed = 66, // arg0 = attempts so far; payload = the name typed (never the password)
  CarrierLost = 67, // arg0 = the state the line was in
  PppStarted = 68, // arg0 = 0 autoselect, 1 EXEC command
  ArapStarted = 69,
  ExecTimeout = 70,
  HangUpTimeout = 71, // carrier stayed up after DTR dropped
  AaaTimeout = 72, // the host never answered a login's AuthRequest: refused
}

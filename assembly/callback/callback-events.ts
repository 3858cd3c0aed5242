// Event kinds of callback (range 80-95 of the line layer's 64-95; see boards/abi.md).
// Every one carries the callback id, which is the id of the session that asked for it.

export const enum CallbackEvent {
  Requested = 80, // arg0 id, arg1 method, arg2 user; payload = the number to dial
  Waiting = 81, // arg0 id, arg1 wait ms
  Dialling = 82, // arg0 id, arg1 line out, arg2 attempt, arg3 line in; payload = number
  Connected = 83, // arg0 id, arg1 line out, arg2 ms since the request
  Finished = 84, // arg0 id, arg1 outcome (CallbackOutcome), arg2 line out, arg3 ms since the request
  Retry = 85, // arg0 id, arg1 why (CallbackOutcome), arg2 attempts so far, arg3 gap ms
  Refused = 86, // arg0 why (CallbackOutcome), arg1 line in, arg2 user
  NumberRefused = 87, // arg0 id, arg1 source (DialSource), arg2 DialProblem, arg3 offset of the wrong byte; payload = the number as given
}

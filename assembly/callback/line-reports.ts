// Callback as the owner of the lines (line/line-owner.ts): what each report of the line
// layer means for a callback, and where the rule that decides it lives.

import { LineOwner } from "../line/line-owner";
import { callbackIncomingIdle, callbackIncomingHeld } from "./carrier-drop";
import { callbackExecAsked, callbackPppAgreed, callbackInitiate, callbackArapAuthenticated } from "./request";
import { callbackLegActivated, callbackLegAuthenticated, callbackSessionUp, callbackSessionLost } from "./leg";

// @ts-ignore: decorator
@lazy const table: usize = memory.data(offsetof<LineOwner>(), 8);

/** The owner table init registers with lineSetOwner. */
export function callbackLineOwner(): LineOwner {
  const o = changetype<LineOwner>(table);
  o.wentIdle = callbackIncomingIdle;
  o.callerHeldLine = callbackIncomingHeld;
  o.execCallbackAsked = callbackExecAsked;
  o.peerAuthenticated = callbackInitiate;
  o.pppCallbackAgreed = callbackPppAgreed;
  o.legActivated = callbackLegActivated;
  o.legAuthenticated = callbackLegAuthenticated;
  o.legSessionUp = callbackSessionUp;
  o.legLost = callbackSessionLost;
  o.arapAuthenticated = callbackArapAuthenticated;
  return o;
}

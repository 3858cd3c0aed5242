// Applies the configuration image to the line layer after init has read it: each line's
// exec-timeout and login response time, the host name, `login block-for`, and the modem
// set-up each line runs at the first tick (modem-control.ts). Everything
// else a line's behaviour depends on (forced wait, rotary, modem, callback script) is read
// where it is used, from config/.

import { MAX_LINES } from "../mem/tty";
import { machineGet } from "./machine-state";
import { hostnameKeep } from "./hostname";
import { loginGuardConfigure } from "./login-guard";
import { modemControlReset, modemSetUpPlan } from "./modem-control";
import { machineIdleOutputs } from "./machine";
import { lineExecTimeout } from "../config/line-settings";
import { globalHostnamePtr, globalHostnameLen } from "../config/globals";
import { loginResponseMs, loginBlockForMs, loginBlockAttempts, loginBlockWithinMs } from "../config/login";

export function linesConfigure(): void {
  const hostLen = globalHostnameLen();
  if (hostLen != 0) hostnameKeep(globalHostnamePtr(), hostLen);
  modemControlReset();
  for (let tty = 1; tty < MAX_LINES; tty++) {
    const m = machineGet(tty);
    if (m == null) continue;
    m.loginResponseMs = loginResponseMs(tty);
    m.execTimeoutMs = <f64>lineExecTimeout(tty) * 1000;
    // `script startup` and `modem autoconfigure` run at the first tick: the host's clock is not known before.
    if (modemSetUpPlan(<u32>tty, true)) m.deadline = 0;
    else machineIdleOutputs(tty); // `modem dtr-active` and the like: DTR low until a call needs it
  }
  loginGuardConfigure(loginBlockForMs(), loginBlockAttempts(), loginBlockWithinMs());
}

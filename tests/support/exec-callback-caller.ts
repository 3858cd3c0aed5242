// A person at a terminal behind a modem `dialback run --expose` put on the simulated telephone
// network: dials the access server, logs in, is called back (EXEC callback), logs in again and
// types exit.

import { connect, type Socket } from "node:net";
import { once } from "node:events";
import { waitFor } from "./pty-chat.ts";

/** A terminal on the TCP side of an exposed modem: what it was shown, and a way to wait for more. */
export async function modemTerminal(port: number) {
  const socket: Socket = connect(port, "127.0.0.1");
  let screen = "";
  socket.on("data", (d: Buffer) => (screen += d.toString("latin1")));
  await once(socket, "connect");
  const expect = async (pattern: RegExp, what: string, limitMs = 60_000) => waitFor(() => pattern.test(screen), limitMs, `${what}: ${JSON.stringify(screen)}`);
  return { socket, screen: () => screen, expect, type: (text: string) => socket.write(text) };
}

/** Calls `dial` from the modem on TCP `port`, logs in as `user`, is called back, logs in again and leaves; returns the screen. */
export async function callAndComeBack(port: number, dial: string, user: string, password: string): Promise<string> {
  const t = await modemTerminal(port);
  try {
    t.type("ATS0=1\r"); // answer the callback on the first ring
    await t.expect(/OK/, "the modem");
    t.type(`ATDT${dial}\r`);
    await t.expect(/CONNECT/, "the call");
    await t.expect(/Username: $/, "the login prompt");
    t.type(`${user}\r`);
    await t.expect(/Password: $/, "the password prompt");
    t.type(`${password}\r`);
    await t.expect(/Callback initiated - line is disconnected/, "the callback");
    const before = t.screen().length;
    await waitFor(() => /CONNECT/.test(t.screen().slice(before)), 90_000, `the callback's call: ${JSON.stringify(t.screen())}`);
    await waitFor(() => /Username: $/.test(t.screen()), 30_000, `the callback leg's login prompt: ${JSON.stringify(t.screen())}`);
    t.type(`${user}\r`);
    await t.expect(/Password: $/, "the leg's password prompt");
    t.type(`${password}\r`);
    await t.expect(/> ?$/, "the EXEC prompt after the callback");
    t.type("exit\r");
    await waitFor(() => /NO CARRIER/.test(t.screen().slice(before).split("CONNECT").slice(1).join("CONNECT")), 30_000, "the hang-up");
    return t.screen();
  } finally {
    t.socket.destroy();
  }
}

import { test } from "node:test";
import assert from "node:assert/strict";
import { compileOrThrow, runSimulation, type SimulationView } from "../../../host/simulate/run-simulation.ts";
import { parseScenario } from "../../../host/scenario/scenario.ts";
import { SimRadiusServer, type SimAccountingEntry } from "../../../host/simulate/aaa-servers.ts";

// The simulator's RADIUS and TACACS+ servers with faults: a group of two servers tried in
// order, dead-time, another key, a server that refuses everyone, garbage, slowness; and the
// accounting of both legs of each callback, queued while its server is down.

const LINES = `service exec-callback
chat-script dial ABORT ERROR ABORT BUSY ABORT "NO ANSWER" ABORT "NO CARRIER" "" ATZ OK "ATDT \\T" TIMEOUT 30 CONNECT \\c
interface async 7
 encapsulation ppp
 ppp callback accept
 ppp authentication pap
interface async 8
 encapsulation ppp
 ppp callback accept
 ppp authentication pap
line 4
 login authentication default
 modem InOut
 script callback dial
line 7 8
 autoselect ppp
 modem InOut
 rotary 1
 script callback dial
`;

const GROUP = `aaa new-model
aaa group server radius ISP
 server 10.0.0.1 auth-port 1812 acct-port 1813
 server 10.0.0.2 auth-port 1812 acct-port 1813
 deadtime 10
aaa authentication ppp default group ISP
aaa authentication login default group ISP
aaa accounting exec default start-stop group ISP
aaa accounting network default start-stop group ISP
radius-server host 10.0.0.1 auth-port 1812 acct-port 1813 key k1
radius-server host 10.0.0.2 auth-port 1812 acct-port 1813 key k1
radius-server timeout 2
radius-server retransmit 1
`;

const ACCOUNTS = [
  { username: "ann", password: "annpw", callbackDialstring: "5550001", callbackRotary: 1, attributes: { "Framed-IP-Address": "10.9.0.7", Class: "gold" } },
  { username: "cy", password: "cypw", callbackDialstring: "5550003", noCallbackVerify: true },
  { username: "dee", password: "deepw", callbackDialstring: "5550004", callbackRotary: 1 },
];
const ANN = { name: "ann", method: "rfc1570", username: "ann", password: "annpw", phone: "5550001", dials: 7 };
const CY = { name: "cy", method: "exec", username: "cy", password: "cypw", phone: "5550003", dials: 4, startAt: 60 };
const DEE = { name: "dee", method: "rfc1570", username: "dee", password: "deepw", phone: "5550004", dials: 8, startAt: 120 };

interface Run {
  rows: { caller: string; result: string; dialled: string | null }[];
  text: string;
  received: SimAccountingEntry[];
  view: SimulationView;
}

async function run(config: string, aaa: object, callers: object[] = [ANN, CY, DEE], seed = 5): Promise<Run> {
  const lines: string[] = [];
  const scenario = parseScenario({ seed, aaa: { answerAfter: 0.2, accounts: ACCOUNTS, ...aaa }, callers });
  let view: SimulationView | null = null;
  const r = await runSimulation(compileOrThrow(config, "faults.cfg"), scenario, { seed, print: (l) => lines.push(l), inspect: (v) => (view = v) });
  assert.deepEqual(r.unfinished, []);
  const v = view as unknown as SimulationView;
  return { rows: r.rows, text: lines.join("\n"), received: v.aaa?.received ?? [], view: v };
}

const results = (r: Run) => r.rows.map((x) => [x.caller, x.result]);
const everyOk = [["ann", "ok"], ["cy", "ok"], ["dee", "ok"]];
const sentTo = (r: Run, hostPort: string) => r.view.aaa?.net.datagrams.get(hostPort) ?? 0;

test("a_healthy_group_authenticates_and_accounts_both_legs_of_every_callback_linked_with_callback_on_the_first", async () => {
  const r = await run(GROUP + LINES, {});
  assert.deepEqual(results(r), everyOk, r.text);
  assert.deepEqual(new Set(r.received.map((e) => e.server)), new Set(["RADIUS 10.0.0.1"]), "the first server of the group takes everything");
  for (const user of ["ann", "cy", "dee"]) {
    const mine = r.received.filter((e) => e.user === user);
    assert.deepEqual(mine.map((e) => e.status).sort(), ["start", "start", "stop", "stop"], `${user}: a Start and a Stop per leg`);
    const legs = [...new Set(mine.map((e) => e.sessionId))];
    assert.equal(legs.length, 2, `${user}: two legs, two Acct-Session-Ids`);
    assert.equal(new Set(mine.map((e) => e.multiId)).size, 1, `${user}: one Acct-Multi-Session-Id links them`);
    const firstStop = mine.find((e) => e.status === "stop" && e.sessionId === mine[0].sessionId);
    assert.equal(firstStop?.cause, "Callback", `${user}: the first leg ends for the callback`);
    const number = ACCOUNTS.find((a) => a.username === user)?.callbackDialstring;
    assert.equal(mine[0].callbackNumber, null, `${user}: the first Start is made before the callback is asked for`);
    assert.ok(mine.slice(1).every((e) => e.callbackNumber === number), `${user}: the number dialled, in every later record`);
  }
  const annStart = r.received.find((e) => e.user === "ann" && e.status === "start")!;
  assert.equal(annStart.fields["25"], "gold", "the Access-Accept's Class comes back in accounting (RFC 2865 §5.25)");
  assert.equal(annStart.fields["45"], "1", "Acct-Authentic RADIUS");
  const stations = [annStart.fields["5"], annStart.fields["31"], annStart.fields["30"]];
  assert.deepEqual(stations, ["7", "5550001", "5551007"], "NAS-Port, Calling- and Called-Station-Id");
  const annLegStop = r.received.filter((e) => e.user === "ann" && e.status === "stop")[1];
  assert.equal(annLegStop.fields["8"], "10.9.0.7", "the server's Framed-IP-Address is the peer's IPCP address, and accounting says so");
  const cyLegStop = r.received.filter((e) => e.user === "cy" && e.status === "stop")[1];
  assert.equal(cyLegStop.fields["8"], undefined, "an EXEC leg has no address: no Framed-IP-Address of 0.0.0.0");
  assert.ok(Number(annLegStop.fields["42"]) > 0 && Number(annLegStop.fields["47"]) > 0, "octets and packets of the leg");
  assert.match(r.text, /server accounting \[1\]: Stop ann network TTY7 leg 1 \(Callback, \d+ s\), session \w+-1/, "the log names the callback id");
});

test("first_server_silent_the_second_answers_and_the_dead_time_spares_the_next_callers_the_wait", async () => {
  const r = await run(GROUP + LINES, { servers: [{ host: "10.0.0.1", faults: [{ fault: "silent" }] }] });
  assert.deepEqual(results(r), everyOk, r.text);
  assert.match(r.text, /RADIUS 10\.0\.0\.1:1812: no answer after 2 transmission\(s\) for ann/);
  assert.match(r.text, /RADIUS 10\.0\.0\.1:1812 marked dead for 10 min/);
  // One request's two transmissions, then nothing more within the 10 minutes: every later check goes to 10.0.0.2 at once.
  assert.equal(sentTo(r, "10.0.0.1:1812"), 2, "only ann's first check waited for the silent server");
  // ann twice, cy once (its leg, nocallback-verify, asks nothing), dee twice.
  assert.equal(sentTo(r, "10.0.0.2:1812"), 5, "every check on the second server");
  assert.ok(r.received.length === 12 && r.received.every((e) => e.server === "RADIUS 10.0.0.2"), "accounting went to the second server");
});

test("without_dead_time_every_check_waits_for_the_silent_server_again", async () => {
  const r = await run(GROUP.replace(" deadtime 10\n", "") + LINES, { servers: [{ host: "10.0.0.1", faults: [{ fault: "silent" }] }] });
  assert.deepEqual(results(r), everyOk, r.text);
  assert.equal(sentTo(r, "10.0.0.1:1812"), 10, "each of the five checks tried the silent server twice");
  // cy's login waited 4 s for the silent server: the answer still starts the hang-up's drain at its own time, so the message gets out.
  assert.match(r.text, /cy: told the line is disconnected for callback/);
  assert.doesNotMatch(r.text, /marked dead/);
});

test("a_server_with_another_key_is_named_in_the_log_and_the_next_one_answers", async () => {
  const r = await run(GROUP + LINES, { servers: [{ host: "10.0.0.1", key: "not-k1" }] }, [ANN]);
  assert.deepEqual(results(r), [["ann", "ok"]], r.text);
  assert.match(r.text, /RADIUS: dropped a reply failing the Response Authenticator check from 10\.0\.0\.1:1812/);
  const named = /RADIUS 10\.0\.0\.1:1812: replies failing the Response Authenticator check: 2 after 2 transmission\(s\) for ann \(does it share our key\?\)/;
  assert.match(r.text, named);
  assert.ok(!r.text.includes("not-k1") && !r.text.includes("k1 "), "no key in the story");
});

test("a_group_whose_every_server_has_another_key_refuses_the_user_naming_each_server", async () => {
  const servers = [{ host: "10.0.0.1", key: "x1" }, { host: "10.0.0.2", key: "x2" }];
  const r = await run(GROUP + LINES, { servers }, [ANN]);
  assert.deepEqual(results(r), [["ann", "refused: authentication failed"]], r.text);
  assert.match(r.text, /RADIUS 10\.0\.0\.1:1812: .* \(does it share our key\?\)/);
  assert.match(r.text, /RADIUS 10\.0\.0\.2:1812: .* \(does it share our key\?\)/);
  assert.match(r.text, /AAA: no answer for ann \(no valid answer from 2 RADIUS server\(s\); last 10\.0\.0\.2:1812/);
});

test("a_server_that_rejects_everyone_ends_the_list_there_no_second_server_is_asked", async () => {
  const r = await run(GROUP + LINES, { servers: [{ host: "10.0.0.1", faults: [{ fault: "reject" }] }] }, [ANN]);
  assert.deepEqual(results(r), [["ann", "refused: authentication failed"]], r.text);
  assert.equal(sentTo(r, "10.0.0.2:1812"), 0, "a reject is a verdict: the list stops");
  assert.deepEqual(r.received, [], "nobody got in: nothing to account");
});

test("garbage_from_the_first_server_is_dropped_and_the_second_answers", async () => {
  const r = await run(GROUP + LINES, { servers: [{ host: "10.0.0.1", faults: [{ fault: "garbage" }] }] }, [ANN]);
  assert.deepEqual(results(r), [["ann", "ok"]], r.text);
  assert.match(r.text, /RADIUS: dropped a (malformed )?reply/);
  assert.ok(r.received.length === 4 && r.received.every((e) => e.server === "RADIUS 10.0.0.2"));
});

test("a_slow_server_within_the_retransmissions_answers_a_slower_one_is_passed_over", async () => {
  // timeout 2 s, retransmit 1: a reply within 4 s counts (the retransmission repeats the identifier, RFC 2865 §2.5).
  const within = await run(GROUP + LINES, { servers: [{ host: "10.0.0.1", faults: [{ fault: "slow", seconds: 3 }] }] }, [ANN]);
  assert.deepEqual(results(within), [["ann", "ok"]], within.text);
  assert.equal(sentTo(within, "10.0.0.2:1812"), 0, "the first server answered, late");
  const beyond = await run(GROUP + LINES, { servers: [{ host: "10.0.0.1", faults: [{ fault: "slow", seconds: 6 }] }] }, [ANN]);
  assert.deepEqual(results(beyond), [["ann", "ok"]], beyond.text);
  assert.ok(sentTo(beyond, "10.0.0.2:1812") > 0, "the second server answered");
  assert.match(beyond.text, /RADIUS 10\.0\.0\.1:1812: no answer after 2 transmission\(s\)/);
});

const ACCOUNTING_APART = GROUP.replace("aaa accounting exec default start-stop group ISP\naaa accounting network default start-stop group ISP\n",
  "aaa group server radius BILL\n server 10.0.0.3 auth-port 1812 acct-port 1813\naaa accounting exec default start-stop group BILL\n" +
  "aaa accounting network default start-stop group BILL\nradius-server host 10.0.0.3 auth-port 1812 acct-port 1813 key k3\n");

test("records_wait_while_the_accounting_server_is_down_and_arrive_once_each_in_order_when_it_answers", async () => {
  const r = await run(ACCOUNTING_APART + LINES, { servers: [{ host: "10.0.0.3", faults: [{ fault: "silent", from: 0, until: 600 }] }] });
  assert.deepEqual(results(r), everyOk, r.text);
  assert.equal(r.received.length, 12, "three callbacks, two legs each, a Start and a Stop each");
  assert.ok(r.received.every((e) => e.at >= 600_000), "nothing was taken while the server was down");
  const keys = r.received.map((e) => `${e.sessionId} ${e.status}`);
  assert.equal(new Set(keys).size, keys.length, "none twice");
  for (const id of new Set(r.received.map((e) => e.sessionId))) {
    const order = r.received.filter((e) => e.sessionId === id).map((e) => e.status);
    assert.deepEqual(order, ["start", "stop"], `${id}: the Start before its Stop`);
  }
  const noAnswer = "RADIUS 10\\.0\\.0\\.3:1813: no answer after 2 transmission\\(s\\) of 2000 ms";
  const waiting = new RegExp(`no server of group BILL took a record \\(${noAnswer}\\): \\d+ record\\(s\\) wait, next try in 5 s`);
  assert.match(r.text, waiting);
  assert.match(r.text, /accounting: RADIUS 10\.0\.0\.3:1813 answers: \d+ waiting record\(s\) follow/);
  assert.equal(r.view.aaa?.accountant?.dropped, 0);
});

const once = (r: Run) => {
  const keys = r.received.map((e) => `${e.sessionId} ${e.status}`);
  assert.equal(keys.length, 12, `three callbacks, two legs each, a Start and a Stop each:\n${keys.join("\n")}`);
  assert.equal(new Set(keys).size, 12, `none twice:\n${keys.join("\n")}`);
  assert.equal(r.view.aaa?.accountant?.pending, 0);
  assert.equal(r.view.aaa?.accountant?.dropped, 0);
};

test("a_slow_accounting_server_that_answers_after_the_client_gave_up_writes_every_record_once", async () => {
  // timeout 2 s, retransmit 1: the client gives up after 4 s, the server answers after 6 s.
  const r = await run(ACCOUNTING_APART + LINES, { servers: [{ host: "10.0.0.3", faults: [{ fault: "slow", seconds: 6 }] }] });
  assert.deepEqual(results(r), everyOk, r.text);
  once(r);
  assert.match(r.text, /RADIUS 10\.0\.0\.3:1813 answered Start ann network TTY7 leg 1 late: taken, not sent again/);
  const copies = (r.view.aaa?.servers ?? []).reduce((n, s) => n + (s instanceof SimRadiusServer ? s.duplicates : 0), 0);
  assert.ok(copies > 0, "the retransmissions reached the server, which knew them for copies (RFC 5080 §2.2.2)");
});

test("garbage_from_the_accounting_server_for_a_while_then_every_record_once", async () => {
  const r = await run(ACCOUNTING_APART + LINES, { servers: [{ host: "10.0.0.3", faults: [{ fault: "garbage", from: 0, until: 100 }] }] });
  assert.deepEqual(results(r), everyOk, r.text);
  once(r);
  assert.match(r.text, /RADIUS 10\.0\.0\.3:1813: dropped an accounting reply/);
  assert.ok(r.received.every((e) => e.at >= 100_000), "a server answering garbage has taken nothing");
});

test("a_tacacs_plus_server_takes_authentication_authorization_and_accounting_on_one_connection", async () => {
  const config = `aaa new-model
aaa authentication ppp default group tacacs+
aaa authentication login default group tacacs+
aaa accounting exec default start-stop group tacacs+
aaa accounting network default start-stop group tacacs+
tacacs-server host 10.0.0.9 single-connection key tk
${LINES}`;
  const r = await run(config, {});
  assert.deepEqual(results(r), everyOk, r.text);
  // RFC 8907 §4.3: the first session asks on the connection it opens; the server agrees, and that connection carries every later session.
  assert.equal(r.view.aaa?.net.connections.get("10.0.0.9:49"), 1, "authentication, authorization and accounting of three callbacks on one connection");
  const cy = r.received.filter((e) => e.user === "cy");
  assert.deepEqual(cy.map((e) => [e.status, e.fields.service]), [["start", "shell"], ["stop", "shell"], ["start", "shell"], ["stop", "shell"]]);
  assert.equal(cy[1].cause, "callback");
  assert.ok(Number(cy[3].fields.elapsed_time) >= 0 && cy[3].fields.task_id === cy[2].sessionId, "task_id and elapsed_time");
  assert.deepEqual(cy.map((e) => e.callbackNumber), [null, "5550003", "5550003", "5550003"], "callback-dialstring once the callback is asked for");
  const plain = await run(config.replace(" single-connection", ""), {}, [ANN]);
  assert.equal(plain.view.aaa?.net.connections.get("10.0.0.9:49"), 2 + 2 + 4, "without it: a connection per session");
});

test("tacacs_plus_silent_the_radius_group_after_it_answers", async () => {
  const config = `aaa new-model
aaa authentication ppp default group tacacs+ group radius
tacacs-server host 10.0.0.9 key tk
radius-server host 10.0.0.1 key k1
${LINES}`;
  const r = await run(config, { servers: [{ host: "10.0.0.9", faults: [{ fault: "silent" }] }] }, [ANN]);
  assert.deepEqual(results(r), [["ann", "ok"]], r.text);
  assert.match(r.text, /TACACS\+ 10\.0\.0\.9:49: no answer within 5000 ms \(authentication\)/);
});

test("method_none_after_silent_servers_lets_the_caller_in_without_a_callback", async () => {
  const config = GROUP.replace("aaa authentication ppp default group ISP", "aaa authentication ppp default group ISP none") + LINES;
  const silent = [{ host: "10.0.0.1", faults: [{ fault: "silent" }] }, { host: "10.0.0.2", faults: [{ fault: "silent" }] }];
  const r = await run(config, { servers: silent }, [ANN]);
  assert.equal(r.rows[0].dialled, null, "nobody is known, so nobody is called back");
  assert.match(r.rows[0].result, /callback|refused|connected/);
  assert.match(r.text, /AAA: ann accepted/);
  assert.equal(r.view.core.poolUsage().remoteUsers, 0);
});

test("stop_only_sends_the_stops_alone", async () => {
  const stopOnly = GROUP.replace("aaa accounting network default start-stop group ISP", "aaa accounting network default stop-only group ISP");
  const r = await run(stopOnly + LINES, {}, [ANN, CY]);
  assert.deepEqual(results(r), [["ann", "ok"], ["cy", "ok"]], r.text);
  const ann = r.received.filter((e) => e.user === "ann").map((e) => [e.status, e.cause]);
  assert.deepEqual(ann, [["stop", "Callback"], ["stop", "Lost-Carrier"]], "network: the Stops alone");
  assert.deepEqual(r.received.filter((e) => e.user === "cy").map((e) => e.status), ["start", "stop", "start", "stop"], "exec: still start-stop");
});

// The chat engine in the release module: the reference's recommended callback scripts,
// aborts, timeouts on the virtual clock, the line hand-over to PPP, and refused scripts.

import { test } from "node:test";
import assert from "node:assert/strict";
import { splitChatScriptLine } from "../../support/chat-script-text.ts";
import { coreWithScripts, chatRun, driveChat, CHAT_TTY, type ModemReply } from "../../support/chat-modem.ts";
import { ChatError, ChatResult, EventKind, chatStatusDecode } from "../../../host/core/abi.ts";
import { encodeChatScripts } from "../../../host/image/chat-section.ts";
import { hdlcFrame } from "../../support/hdlc.ts";
import { chatLoadSection, chatRunScript, ChatRefused } from "../../../host/core/chat.ts";

// Verbatim from the reference (asynchronous-callback.txt), typographic quotes included:
// the PPP and EXEC callback script, and the ARA script (printed over two lines).
const RECOMMENDED_PPP = "chat-script name ABORT ERROR ABORT BUSY \u201c\u201c \u201cATZ\u201d OK \u201cATDT \\T\u201d TIMEOUT 30 CONNECT \\c";
const RECOMMENDED_ARA =
  "chat-script name ABORT ERROR ABORT BUSY \u201c\u201c \u201cATZ\u201d OK \u201cATS180=0\u201d OK \u201cATS181=1\u201d OK \u201cATDT \\T\u201d \n" +
  "TIMEOUT 60 CONNECT \\c";

const HAYES_OK: ModemReply = { after: "ATZ\r", text: "ATZ\r\r\nOK\r\n", delayMs: 40 };

test("recommended_ppp_script_tokens_match_the_reference", () => {
  assert.deepEqual(splitChatScriptLine(RECOMMENDED_PPP), {
    name: "name",
    tokens: ["ABORT", "ERROR", "ABORT", "BUSY", "", "ATZ", "OK", "ATDT \\T", "TIMEOUT", "30", "CONNECT", "\\c"],
  });
});

test("recommended_ppp_script_dials_and_reaches_success_on_connect", async () => {
  const core = await coreWithScripts([splitChatScriptLine(RECOMMENDED_PPP)]);
  const out = driveChat(core, 0, "5551234", [
    HAYES_OK,
    { after: "ATDT 5551234\r", text: "ATDT 5551234\r", delayMs: 5 },
    { after: "", text: "\r\nCONNECT 33600/V42\r\n", delayMs: 21000 },
  ]);
  assert.equal(out.result, "success");
  assert.equal(out.sent, "ATZ\rATDT 5551234\r");
  assert.equal(out.virtualMs, 40 + 21000);
  assert.deepEqual(out.traces, [
    "CHAT1: Attempting script name, dial string 5551234",
    'CHAT1: Expecting string: ""',
    'CHAT1: Completed match for expect: ""',
    "CHAT1: Sending string: ATZ",
    "CHAT1: Expecting string: OK",
    "CHAT1: Completed match for expect: OK",
    "CHAT1: Sending string: ATDT 5551234",
    "CHAT1: Expecting string: CONNECT",
    "CHAT1: Completed match for expect: CONNECT",
    "CHAT1: Sending string: \\c",
    "CHAT1: Chat script name finished, status = Success",
  ]);
});

test("recommended_ara_script_sets_telebit_registers_and_reaches_success", async () => {
  const core = await coreWithScripts([splitChatScriptLine(RECOMMENDED_ARA)]);
  const out = driveChat(core, 0, "5550100", [
    HAYES_OK,
    { after: "ATS180=0\r", text: "\r\nOK\r\n", delayMs: 30 },
    { after: "ATS181=1\r", text: "\r\nOK\r\n", delayMs: 30 },
    { after: "ATDT 5550100\r", text: "\r\nCONNECT 14400\r\n", delayMs: 45000 },
  ]);
  assert.equal(out.result, "success");
  assert.equal(out.sent, "ATZ\rATS180=0\rATS181=1\rATDT 5550100\r");
});

test("busy_and_error_abort_with_their_index", async () => {
  const script = splitChatScriptLine(RECOMMENDED_PPP);
  const busy = driveChat(await coreWithScripts([script]), 0, "5551234", [HAYES_OK, { after: "ATDT", text: "\r\nBUSY\r\n", delayMs: 3000 }]);
  assert.equal(busy.result, "abort");
  assert.equal(busy.abortIndex, 1);
  assert.equal(busy.token, 10);
  assert.equal(busy.traces.at(-1), "CHAT1: Chat script name finished, status = Abort on BUSY");
  const error = driveChat(await coreWithScripts([script]), 0, "5551234", [{ after: "ATZ", text: "ATZ\r\r\nERROR\r\n" }]);
  assert.equal(error.result, "abort");
  assert.equal(error.abortIndex, 0);
  assert.equal(error.token, 6);
});

test("no_carrier_and_no_dialtone_abort_with_their_index_among_five", async () => {
  const script = {
    name: "v90",
    tokens: ["ABORT", "ERROR", "ABORT", "BUSY", "ABORT", "NO CARRIER", "ABORT", "NO DIALTONE", "ABORT", "NO ANSWER",
      "", "ATZ", "OK", "ATDT\\T", "TIMEOUT", "60", "CONNECT", "\\c"],
  };
  for (const [reply, index] of [["NO CARRIER", 2], ["NO DIALTONE", 3], ["NO ANSWER", 4]] as const) {
    const out = driveChat(await coreWithScripts([script]), 0, "5551234", [HAYES_OK, { after: "ATDT", text: `\r\n${reply}\r\n`, delayMs: 9000 }]);
    assert.equal(out.result, "abort", reply);
    assert.equal(out.abortIndex, index, reply);
  }
});

test("thirty_second_timeout_runs_on_the_virtual_clock", async () => {
  const core = await coreWithScripts([splitChatScriptLine(RECOMMENDED_PPP)]);
  const realStart = performance.now();
  const out = driveChat(core, 0, "5551234", [HAYES_OK]);
  const realMs = performance.now() - realStart;
  assert.equal(out.result, "timeout");
  assert.equal(out.token, 10);
  // The expect for CONNECT starts when OK arrives (40 ms) and gives up 30 s later.
  assert.equal(out.virtualMs, 40 + 30000);
  assert.equal(out.traces.at(-1), "CHAT1: Chat script name finished, status = Timeout expecting: CONNECT");
  assert.ok(realMs < 30000, "the simulated 30 s wait must not be slept");
});

test("tick_reports_the_chat_deadline", async () => {
  const core = await coreWithScripts([{ name: "t", tokens: ["", "AT", "OK", "x"] }]);
  core.tick(1000);
  assert.equal(chatRun(core, 0, ""), 0);
  assert.equal(core.tick(1000), 6000);
  assert.equal(core.tick(5999), 6000);
  assert.equal(core.tick(6000), null);
  const result = [...core.drainEvents()].find((e) => e.kind === EventKind.ChatResult);
  assert.deepEqual(result?.args, [0, 2, ChatResult.Timeout, 0]);
});

test("bytes_after_connect_go_to_the_framer_once_the_script_succeeds", async () => {
  const core = await coreWithScripts([splitChatScriptLine(RECOMMENDED_PPP)]);
  chatRun(core, 0, "5551234");
  core.rxPush(CHAT_TTY, Buffer.from("OK\r\n"));
  const confreq = Buffer.from("ff03c021010100140206000000000506c8035b3507020802", "hex");
  const stream = Buffer.concat([Buffer.from("\r\nCONNECT 33600/V42\r\n"), hdlcFrame(confreq)]);
  assert.equal(core.rxPush(CHAT_TTY, stream), stream.length);
  const events = [...core.drainEvents()];
  const result = events.find((e) => e.kind === EventKind.ChatResult);
  assert.equal(result?.args[2], ChatResult.Success);
  const frame = events.find((e) => e.kind === EventKind.FrameReceived);
  assert.deepEqual(frame && Buffer.from(frame.data), confreq);
  assert.equal(core.exports.chatActive(CHAT_TTY), 0);
});

test("while_the_script_runs_bytes_never_reach_the_framer", async () => {
  const core = await coreWithScripts([{ name: "w", tokens: ["CONNECT", ""] }]);
  chatRun(core, 0, "");
  const confreq = Buffer.from("ff03c021010100140206000000000506c8035b3507020802", "hex");
  core.rxPush(CHAT_TTY, hdlcFrame(confreq));
  assert.equal([...core.drainEvents()].some((e) => e.kind === EventKind.FrameReceived), false);
  assert.equal(core.exports.chatActive(CHAT_TTY), 1);
});

test("carrier_loss_and_stop_end_a_running_script", async () => {
  const core = await coreWithScripts([splitChatScriptLine(RECOMMENDED_PPP)]);
  chatRun(core, 0, "5551234");
  assert.equal(core.exports.chatCarrierLost(CHAT_TTY), 1);
  assert.equal(core.exports.chatCarrierLost(CHAT_TTY), 0);
  chatRun(core, 0, "5551234");
  assert.equal(core.exports.chatStop(CHAT_TTY), 1);
  const results = [...core.drainEvents()].filter((e) => e.kind === EventKind.ChatResult).map((e) => e.args[2]);
  assert.deepEqual(results, [ChatResult.CarrierLost, ChatResult.Stopped]);
  assert.equal(core.exports.chatOutcome(CHAT_TTY, 0), ChatResult.Stopped);
  assert.equal(core.exports.chatOutcome(CHAT_TTY, 1), 6); // stopped while expecting OK
});

test("break_in_a_send_is_an_event_for_the_line", async () => {
  const core = await coreWithScripts([{ name: "b", tokens: ["", "BREAK", "", "AT\\K\\c"] }]);
  chatRun(core, 0, "");
  const breaks = [...core.drainEvents()].filter((e) => e.kind === EventKind.ChatBreak);
  assert.deepEqual(breaks.map((e) => [e.line, e.args[1]]), [[CHAT_TTY, 1], [CHAT_TTY, 3]]);
  assert.equal(Buffer.from(core.txDrain(CHAT_TTY)).toString("latin1"), "AT");
});

test("a_bad_script_is_refused_with_its_token_and_reported_as_an_event", async () => {
  const core = await coreWithScripts([{ name: "bad", tokens: ["ABORT", "BUSY", "", "ATDT\\x", "OK"] }]);
  assert.deepEqual(chatStatusDecode(core.exports.chatCheck(0)), { error: ChatError.BadEscape, token: 3 });
  const status = chatRun(core, 0, "5551234");
  assert.deepEqual(chatStatusDecode(status), { error: ChatError.BadEscape, token: 3 });
  const result = [...core.drainEvents()].find((e) => e.kind === EventKind.ChatResult);
  assert.equal(result?.args[2], ChatResult.BadScript);
  assert.equal(result?.args[1], 3);
  assert.equal(core.exports.chatActive(CHAT_TTY), 0);
});

test("run_refusals_name_what_is_wrong", async () => {
  const core = await coreWithScripts([{ name: "s", tokens: ["OK", "x"] }]);
  assert.deepEqual(chatStatusDecode(core.exports.chatRun(9, 0, 0, 0)), { error: ChatError.NoSuchLine, token: 0 });
  assert.deepEqual(chatStatusDecode(core.exports.chatRun(CHAT_TTY, 5, 0, 0)), { error: ChatError.NoSuchScript, token: 0 });
  assert.deepEqual(chatStatusDecode(core.exports.chatRun(CHAT_TTY, 0, 0, 65)), { error: ChatError.DialTooLong, token: 0 });
  assert.equal(chatRun(core, 0, ""), 0);
  assert.deepEqual(chatStatusDecode(chatRun(core, 0, "")), { error: ChatError.LineBusy, token: 0 });
});

test("chat_load_replaces_the_library_and_refuses_a_bad_section", async () => {
  const core = await coreWithScripts([]);
  const section = encodeChatScripts([{ name: "a", tokens: ["OK"] }, { name: "b", tokens: ["TIMEOUT", "x"] }]).bytes;
  const ptr = core.exports.chatBuffer(section.length);
  new Uint8Array(core.exports.memory.buffer).set(section, ptr);
  assert.equal(core.exports.chatLoad(ptr, section.length), 2);
  assert.equal(core.exports.chatScriptCount(), 2);
  assert.equal(core.exports.chatCheck(0), 0);
  assert.deepEqual(chatStatusDecode(core.exports.chatCheck(1)), { error: ChatError.BadTimeout, token: 1 });
  const truncated = section.subarray(0, 6);
  new Uint8Array(core.exports.memory.buffer).set(truncated, ptr);
  assert.deepEqual(chatStatusDecode(core.exports.chatLoad(ptr, truncated.length)), { error: ChatError.BadSection, token: 0 });
  assert.equal(core.exports.chatScriptCount(), 0);
});

test("truncated_records_in_a_loaded_section_are_refused_not_trapped", async () => {
  const core = await coreWithScripts([]);
  const section = encodeChatScripts([{ name: "a", tokens: ["ABORT", "BUSY", "OK", "ATZ"] }]).bytes;
  const ptr = core.exports.chatBuffer(section.length);
  for (let cut = 9; cut < section.length; cut++) {
    new Uint8Array(core.exports.memory.buffer).set(section.subarray(0, cut), ptr);
    assert.equal(core.exports.chatLoad(ptr, cut), 1);
    const decoded = chatStatusDecode(core.exports.chatCheck(0));
    assert.equal(decoded?.error, ChatError.Truncated, `cut at ${cut}`);
  }
});

test("host_helpers_load_a_section_and_name_refusals", async () => {
  const core = await coreWithScripts([]);
  assert.equal(chatLoadSection(core, encodeChatScripts([{ name: "a", tokens: ["OK"] }]).bytes), 1);
  assert.throws(() => chatLoadSection(core, new Uint8Array([1, 0])), /BadSection/);
  assert.throws(() => chatRunScript(core, 42, 0, ""), /NoSuchLine/);
});

test("bench_scan_counts_matches_keeps_the_image_library_and_forgets_a_loaded_one", async () => {
  const core = await coreWithScripts([{ name: "image", tokens: ["OK"] }]);
  const memory = new Uint8Array(core.exports.memory.buffer);
  const text = Buffer.from("xxCONNECT yy BUSY NO CARRIER NO DIALTONE NO ANSWER ERROR CONNEC");
  const textPtr = core.exports.rxBuffer(CHAT_TTY);
  memory.set(text, textPtr);
  assert.equal(core.exports.chatBenchScan(textPtr, text.length, 1), 6);
  assert.equal(core.exports.chatBenchScan(textPtr, text.length, 3), 18);
  assert.equal(core.exports.chatScriptCount(), 1);
  const section = encodeChatScripts([{ name: "loaded", tokens: ["OK"] }]).bytes;
  const ptr = core.exports.chatBuffer(section.length);
  memory.set(section, ptr);
  assert.equal(core.exports.chatLoad(ptr, section.length), 1);
  assert.equal(core.exports.chatBenchScan(textPtr, text.length, 1), 6);
  assert.equal(core.exports.chatScriptCount(), 0);
});

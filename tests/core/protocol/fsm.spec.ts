import {
  fsmTransition, fsmInit, fsmEvent, fsmTick, fsmReceive, Fsm, FsmCallbacks, FsmEvent, FsmState, FSM_BYTES, FSM_ILLEGAL,
  FSM_STATES, FSM_EVENTS, CODE_CONFIGURE_ACK, CODE_CONFIGURE_NAK, EXTENSION_UNKNOWN,
} from "../../../assembly/protocol/fsm";
import { hexBytes, ptrOf, toHex } from "../support/bytes";

// RFC 1661 §4.1 state transition table, transcribed cell by cell as printed
// (columns Initial .. Opened; "-" = cannot happen; restart "r" and passive "p" marks dropped,
// "x" crossed-connection marks dropped).
const RFC_TABLE: string[] = [
  "Up   |2|irc,scr/6|-|-|-|-|-|-|-|-",
  "Down |-|-|0|tls/1|0|1|1|1|1|tld/1",
  "Open |tls/1|1|irc,scr/6|3|5|5|6|7|8|9",
  "Close|0|tlf/0|2|2|4|4|irc,str/4|irc,str/4|irc,str/4|tld,irc,str/4",
  "TO+  |-|-|-|-|str/4|str/5|scr/6|scr/6|scr/8|-",
  "TO-  |-|-|-|-|tlf/2|tlf/3|tlf/3|tlf/3|tlf/3|-",
  "RCR+ |-|-|sta/2|irc,scr,sca/8|4|5|sca/8|sca,tlu/9|sca/8|tld,scr,sca/8",
  "RCR- |-|-|sta/2|irc,scr,scn/6|4|5|scn/6|scn/7|scn/6|tld,scr,scn/6",
  "RCA  |-|-|sta/2|sta/3|4|5|irc/7|scr/6|irc,tlu/9|tld,scr/6",
  "RCN  |-|-|sta/2|sta/3|4|5|irc,scr/6|scr/6|irc,scr/8|tld,scr/6",
  "RTR  |-|-|sta/2|sta/3|sta/4|sta/5|sta/6|sta/6|sta/6|tld,zrc,sta/5",
  "RTA  |-|-|2|3|tlf/2|tlf/3|6|6|8|tld,scr/6",
  "RUC  |-|-|scj/2|scj/3|scj/4|scj/5|scj/6|scj/7|scj/8|scj/9",
  "RXJ+ |-|-|2|3|4|5|6|6|8|9",
  "RXJ- |-|-|tlf/2|tlf/3|tlf/2|tlf/3|tlf/3|tlf/3|tlf/3|tld,irc,str/5",
  "RXR  |-|-|2|3|4|5|6|7|8|ser/9",
];
const ACTION_NAMES: string[] = ["tlu", "tld", "tls", "tlf", "irc", "zrc", "scr", "sca", "scn", "str", "sta", "scj", "ser"];

function expectedCell(text: string): u32 {
  const cell = text.trim();
  if (cell == "-") return FSM_ILLEGAL;
  const slash = cell.indexOf("/");
  if (slash < 0) return <u32>I32.parseInt(cell) << 16;
  let actions: u32 = 0;
  const names = cell.substring(0, slash).split(",");
  for (let i = 0; i < names.length; i++) {
    const bit = ACTION_NAMES.indexOf(names[i]);
    expect(bit).toBeGreaterThanOrEqual(0, "unknown action " + names[i]);
    actions |= <u32>1 << <u32>bit;
  }
  return (<u32>I32.parseInt(cell.substring(slash + 1)) << 16) | actions;
}

// A recording protocol: every callback appends its RFC name to `log`.
let log = "";
let requestVerdict: u32 = CODE_CONFIGURE_ACK;
let nakValid = true;

function note(s: string): void {
  log += (log.length ? " " : "") + s;
}
function cbUp(f: Fsm): void { note("tlu"); }
function cbDown(f: Fsm): void { note("tld"); }
function cbStarted(f: Fsm): void { note("tls"); }
function cbFinished(f: Fsm): void { note("tlf"); }
function cbReset(f: Fsm): void { note("reset"); }
function cbBuild(f: Fsm, dst: usize): i32 {
  store<u8>(dst, 1);
  store<u8>(dst, 4, 1);
  store<u16>(dst, 0xdc05, 2); // MRU 1500
  return 4;
}
function cbRequest(f: Fsm, options: usize, len: i32, dst: usize, rejectInsteadOfNak: bool): i32 {
  if (len == 1) return -1;
  memory.copy(dst, options, len);
  const code = requestVerdict == CODE_CONFIGURE_NAK && rejectInsteadOfNak ? 4 : requestVerdict;
  return <i32>((code << 16) | <u32>len);
}
function cbNak(f: Fsm, options: usize, len: i32, reject: bool): bool { return nakValid; }
function cbFatal(f: Fsm, code: u32): bool { return code <= 7; }
function cbExtension(f: Fsm, code: u32): i32 { return code == 9 ? 2 : EXTENSION_UNKNOWN; }
function cbEcho(f: Fsm): void { note("ser"); }
function cbSend(f: Fsm, packet: usize, len: i32): void {
  note("send:" + toHex(packet, len));
}

function newFsm(): Fsm {
  const cb = changetype<FsmCallbacks>(heap.alloc(offsetof<FsmCallbacks>()));
  cb.layerUp = cbUp;
  cb.layerDown = cbDown;
  cb.layerStarted = cbStarted;
  cb.layerFinished = cbFinished;
  cb.resetOptions = cbReset;
  cb.buildRequest = cbBuild;
  cb.receiveRequest = cbRequest;
  cb.receiveNakOrReject = cbNak;
  cb.codeRejectIsFatal = cbFatal;
  cb.extensionCode = cbExtension;
  cb.sendEchoReply = cbEcho;
  cb.send = cbSend;
  const f = changetype<Fsm>(heap.alloc(FSM_BYTES));
  fsmInit(f, cb, 0, 0xc021, heap.alloc(1600) + 4, heap.alloc(1600) + 4, 1500);
  log = "";
  requestVerdict = CODE_CONFIGURE_ACK;
  nakValid = true;
  return f;
}

function receive(f: Fsm, hex: string, now: f64 = 0): void {
  const p = hexBytes(hex);
  fsmReceive(f, ptrOf(p), p.length, now);
}

describe("fsm table", () => {
  it("every_cell_matches_rfc1661_section_4_1", () => {
    expect(RFC_TABLE.length).toBe(FSM_EVENTS);
    for (let e = 0; e < FSM_EVENTS; e++) {
      const cells = RFC_TABLE[e].split("|");
      expect(cells.length).toBe(FSM_STATES + 1);
      for (let s = 0; s < FSM_STATES; s++) {
        expect(fsmTransition(s, e)).toBe(expectedCell(cells[s + 1]), cells[0].trim() + " in state " + s.toString());
      }
    }
  });

  it("out_of_range_state_or_event_is_illegal", () => {
    expect(fsmTransition(10, 0)).toBe(FSM_ILLEGAL);
    expect(fsmTransition(0, 16)).toBe(FSM_ILLEGAL);
    expect(fsmTransition(-1, 0)).toBe(FSM_ILLEGAL);
  });
});

describe("fsm runner", () => {
  it("initial_open_then_up_sends_request_and_arms_restart_timer", () => {
    const f = newFsm();
    expect(fsmEvent(f, FsmEvent.Open, 0)).toBe(true);
    expect(f.state).toBe(FsmState.Starting);
    fsmEvent(f, FsmEvent.Up, 100);
    expect(f.state).toBe(FsmState.RequestSent);
    expect(log).toBe("tls reset send:0101000801040" + "5dc");
    expect(f.deadline).toBe(3100);
    expect(f.restartCount).toBe(9);
  });

  it("request_sent_times_out_max_configure_times_then_finishes", () => {
    const f = newFsm();
    fsmEvent(f, FsmEvent.Open, 0);
    fsmEvent(f, FsmEvent.Up, 0);
    let now: f64 = 0;
    while (f.timerRunning) now = fsmTick(f, now);
    expect(log.split("send:01").length - 1).toBe(10);
    expect(f.state).toBe(FsmState.Stopped);
    expect(log.endsWith("tlf")).toBe(true);
    expect(fsmTick(f, now + 100000)).toBe(-1);
  });

  it("request_sent_receive_ack_then_request_reaches_opened", () => {
    const f = newFsm();
    fsmEvent(f, FsmEvent.Open, 0);
    fsmEvent(f, FsmEvent.Up, 0);
    receive(f, "0201000801040" + "5dc");
    expect(f.state).toBe(FsmState.AckReceived);
    log = "";
    receive(f, "01070008010405dc");
    expect(f.state).toBe(FsmState.Opened);
    expect(log).toBe("send:02070008010405dc tlu");
    expect(f.timerRunning).toBe(0);
  });

  it("ack_with_wrong_identifier_or_options_is_dropped_and_counted", () => {
    const f = newFsm();
    fsmEvent(f, FsmEvent.Open, 0);
    fsmEvent(f, FsmEvent.Up, 0);
    receive(f, "0202000801040" + "5dc");
    receive(f, "0201000801040" + "5dd");
    receive(f, "02010004");
    expect(f.state).toBe(FsmState.RequestSent);
    expect(f.badPackets).toBe(3);
    receive(f, "0201000801040" + "5dc");
    receive(f, "0201000801040" + "5dc"); // duplicate of an answered request
    expect(f.state).toBe(FsmState.AckReceived);
    expect(f.badPackets).toBe(4);
  });

  it("nak_beyond_max_failure_turns_into_reject", () => {
    const f = newFsm();
    fsmEvent(f, FsmEvent.Open, 0);
    fsmEvent(f, FsmEvent.Up, 0);
    requestVerdict = CODE_CONFIGURE_NAK;
    for (let i = 0; i < 5; i++) receive(f, "01" + (0x10 + i).toString(16) + "0008010405dc");
    expect(f.failureCount).toBe(5);
    log = "";
    receive(f, "01200008010405dc");
    expect(log).toBe("send:04200008010405dc");
  });

  it("opened_receive_terminate_request_acks_and_waits_one_restart_period", () => {
    const f = newFsm();
    fsmEvent(f, FsmEvent.Open, 0);
    fsmEvent(f, FsmEvent.Up, 0);
    receive(f, "02010008010405dc");
    receive(f, "01070008010405dc");
    log = "";
    receive(f, "05090004", 500);
    expect(log).toBe("tld send:06090004");
    expect(f.state).toBe(FsmState.Stopping);
    expect(f.deadline).toBe(3500);
    fsmTick(f, 3500);
    expect(f.state).toBe(FsmState.Stopped);
    expect(log.endsWith("tlf")).toBe(true);
  });

  it("close_sends_max_terminate_requests_then_finishes", () => {
    const f = newFsm();
    fsmEvent(f, FsmEvent.Open, 0);
    fsmEvent(f, FsmEvent.Up, 0);
    const reason = hexBytes("4279");
    f.reason = ptrOf(reason);
    f.reasonLen = 2;
    log = "";
    fsmEvent(f, FsmEvent.Close, 0);
    expect(log).toBe("send:050200064279");
    expect(f.state).toBe(FsmState.Closing);
    fsmTick(f, 3000);
    expect(log).toBe("send:050200064279 send:050300064279");
    fsmTick(f, 6000);
    expect(f.state).toBe(FsmState.Closed);
    expect(log.endsWith("tlf")).toBe(true);
  });

  it("unknown_code_is_code_rejected_and_echo_request_replied_only_when_opened", () => {
    const f = newFsm();
    fsmEvent(f, FsmEvent.Open, 0);
    fsmEvent(f, FsmEvent.Up, 0);
    log = "";
    receive(f, "0905000800000000");
    expect(log).toBe("");
    receive(f, "0201000801040" + "5dc");
    receive(f, "01070008010405dc");
    log = "";
    receive(f, "0905000800000000");
    expect(log).toBe("ser");
    log = "";
    receive(f, "2a0100050099");
    expect(log).toBe("send:07020009" + "2a0100050099".substring(0, 10));
  });

  it("truncated_and_overlong_headers_are_dropped_without_state_change", () => {
    const f = newFsm();
    fsmEvent(f, FsmEvent.Open, 0);
    fsmEvent(f, FsmEvent.Up, 0);
    receive(f, "01");
    receive(f, "010100");
    receive(f, "01010003");
    receive(f, "01010010");
    receive(f, "0101000501"); // receiveRequest calls one-octet options malformed
    expect(f.badPackets).toBe(5);
    expect(f.state).toBe(FsmState.RequestSent);
  });

  it("code_reject_of_a_base_code_is_catastrophic", () => {
    const f = newFsm();
    fsmEvent(f, FsmEvent.Open, 0);
    fsmEvent(f, FsmEvent.Up, 0);
    receive(f, "07090008" + "01010004");
    expect(f.state).toBe(FsmState.Stopped);
    expect(log.endsWith("tlf")).toBe(true);
  });

  it("illegal_events_are_counted_and_change_nothing", () => {
    const f = newFsm();
    expect(fsmEvent(f, FsmEvent.TimeoutRetry, 0)).toBe(false);
    expect(fsmEvent(f, FsmEvent.Down, 0)).toBe(false);
    expect(f.illegalEvents).toBe(2);
    expect(f.state).toBe(FsmState.Initial);
  });
});

// The callback safety rules scripts/mutate-safety.mjs breaks one at a time: for each, one
// small source edit (string replacement; the anchor must be found exactly once), the as-pect
// spec files that must then fail (`specs`) and the host tests that must fail (`tests`: file
// and a test-name pattern). A host test checks that every anchor, file and name is still there.

export const RULES = [
  {
    rule: "callback only after authentication (PPP: initiate, RFC 1570, CBCP)",
    edits: [
      {
        file: "assembly/protocol/authenticate.ts",
        find:
          "    if (verdict == AuthVerdict.Accept) authSucceed(s, AUTH_DIRECTION_PEER, PROTOCOL_PAP);\n" +
          "    else authFail(s, AUTH_DIRECTION_PEER, PROTOCOL_PAP);",
        replace: "    authSucceed(s, AUTH_DIRECTION_PEER, PROTOCOL_PAP);",
      },
    ],
    specs: ["tests/core/line/ppp-link.spec.ts"],
    tests: [["tests/host/callback/safety-rules.test.ts", "ppp_callback_initiate_never_calls_back_a_wrong_password"]],
  },
  {
    rule: "callback only after authentication (EXEC login)",
    edits: [
      {
        file: "assembly/users/directory.ts",
        find: "  return i >= 0 && directorySecretIs(i, password, passwordLen) ? i : -1;",
        replace: "  return i;",
      },
    ],
    specs: ["tests/core/line/callback-leg.spec.ts"],
    tests: [["tests/host/callback/safety-rules.test.ts", "exec_callback_never_calls_back_a_wrong_password"]],
  },
  {
    rule: "every leg authenticates: the PPP callback leg asks again",
    edits: [
      {
        file: "assembly/callback/leg.ts",
        find: "  machineLegPpp(<i32>tty, r.userIndex, auth, now);",
        replace: "  machineLegPpp(<i32>tty, r.userIndex, 0, now);",
      },
    ],
    specs: ["tests/core/line/ppp-link.spec.ts"],
    tests: [["tests/host/callback/leg-authentication.test.ts", "the_reported_configuration_asks_for_pap|without_the_users_password"]],
  },
  {
    rule: "every leg authenticates: no method, nothing dialled",
    edits: [
      {
        file: "assembly/callback/leg.ts",
        find: "  if (pppLeg && callbackLegAuth(<u32>tty, r.lineIn) == 0) return false;",
        replace: "  if (false) return false;",
      },
    ],
    specs: ["tests/core/callback/orchestrator.spec.ts"],
    tests: [["tests/host/callback/leg-authentication.test.ts", "no_authentication_method_applies"]],
  },
  {
    rule: "only the user called back finishes the callback",
    edits: [{ file: "assembly/callback/leg.ts", find: "  return user >= 0 && user == r.userIndex;", replace: "  return user >= 0;" }],
    specs: ["tests/core/callback/orchestrator.spec.ts", "tests/core/line/ppp-link.spec.ts"],
    tests: [["tests/host/callback/leg-authentication.test.ts", "different_valid_user_answering"]],
  },
  {
    rule: "the configured number wins over the caller's",
    edits: [
      {
        file: "assembly/callback/request.ts",
        find: "  const fromCaller = directoryDialstringLen(user) == 0;",
        replace: "  const fromCaller = directoryDialstringLen(user) == 0 || clientLen != 0;",
      },
    ],
    specs: ["tests/core/callback/orchestrator.spec.ts", "tests/core/line/ppp-link.spec.ts"],
    tests: [["tests/host/callback/safety-rules.test.ts", "rfc1570_operation_1_with_a_number"]],
  },
  {
    rule: "never dial while the caller holds the line",
    edits: [
      {
        file: "assembly/callback/carrier-drop.ts",
        find: "  if (r != null) recordFinish(r, CallbackOutcome.CallerHeldLine, now);",
        replace: "  if (r != null) callbackIncomingIdle(tty, now);",
      },
    ],
    specs: ["tests/core/callback/orchestrator.spec.ts"],
    tests: [["tests/host/callback/safety-rules.test.ts", "keeps_the_line_after_dtr_drops"]],
  },
  {
    rule: "never dial before the incoming call has ended",
    edits: [
      {
        file: "assembly/callback/carrier-drop.ts",
        find: "  return r.state == CallbackState.Waiting;",
        replace: "  return r.state == CallbackState.Waiting || r.state == CallbackState.HangingUp;",
      },
    ],
    specs: ["tests/core/callback/orchestrator.spec.ts"],
    tests: [["tests/host/callback/safety-rules.test.ts", "keeps_the_line_after_dtr_drops"]],
  },
  {
    rule: "forced wait",
    edits: [{ file: "assembly/callback/forced-wait.ts", find: "  return forced > r.waitMs ? forced : r.waitMs;", replace: "  return r.waitMs;" }],
    specs: ["tests/core/callback/orchestrator.spec.ts"],
    tests: [["tests/host/callback/safety-rules.test.ts", "the_forced_wait_passes"]],
  },
  {
    rule: "callback-line choice",
    edits: [{ file: "assembly/callback/outgoing-line.ts", find: "  if (first > 0) {", replace: "  if (first < 0) {" }],
    specs: ["tests/core/callback/orchestrator.spec.ts"],
    tests: [["tests/host/callback/safety-rules.test.ts", "callback_line_is_the_one_dialled_out_on"]],
  },
  {
    rule: "rotary choice (a call from outside the rotary)",
    edits: [{ file: "assembly/callback/outgoing-line.ts", find: "  if (rotary > 0) {", replace: "  if (rotary < 0) {" }],
    specs: ["tests/core/callback/orchestrator.spec.ts"],
    tests: [["tests/host/callback/safety-rules.test.ts", "outside_the_rotary"]],
  },
  {
    rule: "FCS check",
    edits: [{ file: "assembly/wire/hdlc.ts", find: "  if (!good) {", replace: "  if (false) {" }],
    specs: ["tests/core/wire/hdlc.spec.ts"],
    tests: [["tests/host/callback/safety-rules.test.ts", "bad_fcs"]],
  },
  {
    rule: "capacity: a chat runner for every line",
    edits: [{ file: "assembly/abi/exports.ts", find: "  if (!chatPoolInit(<i32>count))", replace: "  if (!chatPoolInit(<i32>(count < 8 ? count : 8)))" }],
    specs: ["tests/core/callback/orchestrator.spec.ts"],
    tests: [["tests/host/callback/every-line.test.ts", "every_line_of_the_largest_image"]],
  },
  {
    rule: "capacity: callback records for every line",
    edits: [{ file: "assembly/callback/record.ts", find: "  return 2 * (lines > 0 ? lines : 0) + RECORDS_HISTORY;", replace: "  return 16;" }],
    specs: ["tests/core/callback/orchestrator.spec.ts"],
    tests: [["tests/host/callback/every-line.test.ts", "every_line_of_the_largest_image"]],
  },
  {
    rule: "the dial alphabet (numbers from callers and servers checked before a chat script)",
    edits: [
      {
        file: "assembly/callback/dial-number.ts",
        find: "    } else if (!((b >= 0x30 && b <= 0x39) || b == 0x2a || b == 0x23)) {",
        replace: "    } else if (false) {",
      },
    ],
    specs: ["tests/core/callback/dial-number.spec.ts"],
    tests: [["tests/host/callback/dial-alphabet.test.ts", "with_modem_commands_is_refused"]],
  },
];

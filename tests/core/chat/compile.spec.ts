import { compileTokens, dumpProgram, statusText, lastStatus } from "../support/chat";
import { ChatError } from "../../../assembly/chat/program";

function compiles(tokens: string[], expected: string): void {
  const p = compileTokens(tokens);
  expect(statusText(lastStatus)).toBe("0");
  expect(dumpProgram(p)).toBe(expected);
}

function refuses(tokens: string[], kind: ChatError, token: i32): void {
  compileTokens(tokens);
  expect(statusText(lastStatus)).toBe((<i32>kind).toString() + "@" + token.toString());
}

describe("chat compile", () => {
  it("canonical_ios_script_compiles_to_aborts_expects_sends_and_timeout", () => {
    compiles(["ABORT", "ERROR", "ABORT", "BUSY", "", "ATZ", "OK", "ATDT \\T", "TIMEOUT", "30", "CONNECT", "\\c"],
      "A[ERROR] A[BUSY] E[] S[ATZ] E[OK] S[ATDT {T}] T[30] E[CONNECT] S[]c");
  });

  it("ara_script_with_telebit_registers_compiles", () => {
    compiles(["ABORT", "ERROR", "ABORT", "BUSY", "", "ATZ", "OK", "ATS180=0", "OK", "ATS181=1", "OK", "ATDT \\T", "TIMEOUT", "60", "CONNECT", "\\c"],
      "A[ERROR] A[BUSY] E[] S[ATZ] E[OK] S[ATS180=0] E[OK] S[ATS181=1] E[OK] S[ATDT {T}] T[60] E[CONNECT] S[]c");
  });

  it("each_character_escape_decodes_to_its_byte", () => {
    compiles(["", "a\\rb\\nc\\sd\\te\\\\f\\\"g\\Nh"], "E[] S[a<0d>b<0a>c d<09>e\\f\"g<00>h]");
  });

  it("octal_escapes_take_one_to_three_digits", () => {
    compiles(["", "\\101\\7\\0123\\377"], "E[] S[A<07><0a>3<ff>]");
  });

  it("run_time_escapes_stay_as_actions", () => {
    compiles(["", "\\d\\pX\\K\\T"], "E[] S[{d}{p}X{K}{T}]");
  });

  it("backslash_c_suppresses_the_return_and_q_hides_without_bytes", () => {
    compiles(["", "AT\\c", "OK", "se\\qcret"], "E[] S[AT]c E[OK] S[secret]h");
  });

  it("eot_and_break_words_are_sent_without_return", () => {
    compiles(["", "EOT", "", "BREAK", "", "EOTX"], "E[] S[<04>]c E[] S[{K}]c E[] S[EOTX]");
  });

  it("expect_with_fallbacks_splits_into_sub_send_and_sub_expect", () => {
    compiles(["ogin:--ogin:", "ppp", "ssword:-\\r-ssword:", "secret"],
      "E[ogin:] fS[] fE[ogin:] S[ppp] E[ssword:] fS[<0d>]h fE[ssword:] S[secret]h");
  });

  it("expect_strings_decode_escapes_too", () => {
    compiles(["OK\\r\\n", "x", "\\101B"], "E[OK<0d><0a>] S[x] E[AB]");
  });

  it("abort_and_timeout_are_keywords_only_where_an_expect_is_due", () => {
    compiles(["", "ABORT", "TIMEOUT", "9", "OK"], "E[] S[ABORT] T[9] E[OK]");
  });

  it("script_ending_on_an_expect_keeps_it", () => {
    compiles(["", "ATZ", "OK"], "E[] S[ATZ] E[OK]");
  });

  it("empty_script_compiles_to_nothing", () => {
    compiles([], "");
  });

  it("unknown_escape_names_its_token", () => {
    refuses(["", "ATZ", "OK", "AT\\x"], ChatError.BadEscape, 3);
  });

  it("trailing_lone_backslash_is_refused", () => {
    refuses(["", "AT\\"], ChatError.BadEscape, 1);
  });

  it("octal_above_377_is_refused", () => {
    refuses(["", "\\400"], ChatError.BadEscape, 1);
  });

  it("run_time_escapes_in_an_expect_are_refused", () => {
    refuses(["OK\\d", "x"], ChatError.EscapeInExpect, 0);
    refuses(["ABORT", "BU\\TSY"], ChatError.EscapeInExpect, 1);
    refuses(["", "x", "OK\\c"], ChatError.EscapeInExpect, 2);
  });

  it("abort_or_timeout_without_value_is_refused", () => {
    refuses(["ABORT", "BUSY", "ABORT"], ChatError.MissingValue, 2);
    refuses(["", "ATZ", "TIMEOUT"], ChatError.MissingValue, 2);
  });

  it("bad_timeouts_are_refused", () => {
    refuses(["TIMEOUT", "0"], ChatError.BadTimeout, 1);
    refuses(["TIMEOUT", "3x"], ChatError.BadTimeout, 1);
    refuses(["TIMEOUT", ""], ChatError.BadTimeout, 1);
    refuses(["TIMEOUT", "65536"], ChatError.BadTimeout, 1);
  });

  it("empty_abort_is_refused", () => {
    refuses(["ABORT", ""], ChatError.EmptyAbort, 1);
  });

  it("too_many_aborts_are_refused_at_the_first_extra_one", () => {
    const tokens = new Array<string>();
    for (let i = 0; i < 33; i++) {
      tokens.push("ABORT");
      tokens.push("E" + i.toString());
    }
    refuses(tokens, ChatError.TooManyAborts, 65);
  });

  it("aborts_and_expect_too_large_for_the_automaton_are_refused", () => {
    const long = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789";
    refuses(["ABORT", long, "ABORT", long, "ABORT", long, "ABORT", long + "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "OK"], ChatError.MatcherTooLarge, 8);
  });

  it("too_many_steps_are_refused", () => {
    const tokens = new Array<string>();
    for (let i = 0; i < 100; i++) tokens.push("x");
    refuses(tokens, ChatError.TooManySteps, 96);
  });

  it("strings_longer_than_the_program_holds_are_refused", () => {
    let long = "";
    for (let i = 0; i < 600; i++) long += "A";
    refuses(["", long, "", long], ChatError.TooLong, 3);
  });
});

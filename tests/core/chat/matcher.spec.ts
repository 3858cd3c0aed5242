import { Matcher, MATCHER_BYTES, matcherReset, matcherAdd, matcherBuild, matcherFeed, matcherFits } from "../../../assembly/chat/matcher";
import { text } from "../support/chat";

const keep = new Array<StaticArray<u8>>();

function newMatcher(patterns: string[]): Matcher {
  const m = changetype<Matcher>(heap.alloc(MATCHER_BYTES));
  matcherReset(m);
  for (let i = 0; i < patterns.length; i++) {
    const bytes = text(patterns[i]);
    keep.push(bytes);
    expect(matcherAdd(m, changetype<usize>(bytes), bytes.length)).toBe(true);
  }
  expect(matcherBuild(m)).toBe(true);
  return m;
}

/** Every match as "pattern@end offset", restarting after each, feeding pieces of at most `piece`. */
function scan(m: Matcher, stream: StaticArray<u8>, cuts: i32[]): string {
  let out = "";
  let consumed = 0;
  let start = 0;
  for (let c = 0; c <= cuts.length; c++) {
    const end = c < cuts.length ? cuts[c] : stream.length;
    let at = start;
    while (at < end) {
      const used = matcherFeed(m, changetype<usize>(stream) + <usize>at, end - at);
      at += used;
      consumed += used;
      if (m.found >= 0) out += (out.length ? " " : "") + m.found.toString() + "@" + at.toString();
    }
    start = end;
  }
  expect(consumed).toBe(stream.length);
  return out;
}

/** The same search done naively: at each end offset the lowest-index pattern ending there. */
function naive(patterns: string[], s: string): string {
  let out = "";
  let from = 0;
  for (let end = 1; end <= s.length; end++) {
    for (let p = 0; p < patterns.length; p++) {
      const pat = patterns[p];
      if (end - pat.length >= from && s.substring(end - pat.length, end) == pat) {
        out += (out.length ? " " : "") + p.toString() + "@" + end.toString();
        from = end;
        break;
      }
    }
  }
  return out;
}

function expectEverySplit(patterns: string[], s: string, expected: string): void {
  const stream = text(s);
  expect(scan(newMatcher(patterns), stream, [])).toBe(expected);
  for (let cut = 0; cut <= s.length; cut++) {
    expect(scan(newMatcher(patterns), stream, [cut])).toBe(expected, "cut at " + cut.toString());
  }
  const bytewise = new Array<i32>();
  for (let i = 1; i < s.length; i++) bytewise.push(i);
  expect(scan(newMatcher(patterns), stream, bytewise)).toBe(expected);
}

const USUAL = ["CONNECT", "ERROR", "BUSY", "NO CARRIER", "NO DIALTONE", "NO ANSWER"];

describe("chat matcher", () => {
  it("connect_with_rate_split_anywhere_matches_at_the_same_byte", () => {
    expectEverySplit(USUAL, "ATDT5551234\r\r\nCONNECT 33600/V42\r\n", "0@21");
  });

  it("several_aborts_each_found_with_its_index", () => {
    expectEverySplit(USUAL, "\r\nBUSY\r\nERROR\r\nNO DIALTONE\r\nNO ANSWER\r\nNO CARRIER\r\n", "2@6 1@13 4@26 5@37 3@49");
  });

  it("prefix_shared_aborts_do_not_hide_each_other", () => {
    expectEverySplit(USUAL, "NO DIALNO ANSNO CARRIER", "3@23");
  });

  it("overlapping_patterns_report_the_first_end_then_restart", () => {
    expectEverySplit(["abcd", "bc", "cde"], "abcde bcd", "1@3 1@8");
  });

  it("pattern_inside_another_ends_first", () => {
    expectEverySplit(["NO CARRIER", "CARR"], "NO CARRIER", "1@7");
  });

  it("tie_at_one_byte_goes_to_the_lowest_index", () => {
    expectEverySplit(["RING", "NG", "ING"], "xRINGx", "0@5");
    expectEverySplit(["NG", "RING"], "xRINGx", "0@5");
  });

  it("login_prompt_without_line_end_matches", () => {
    expectEverySplit(["ogin:", "ERROR"], "\r\nUser Access Verification\r\n\r\nUsername: \r\nlogin:", "0@48");
  });

  it("failure_links_through_repeated_prefixes", () => {
    expectEverySplit(["aab", "aaab"], "aaaab aab", "0@5 0@9");
    expectEverySplit(["abab", "babb"], "abababb", "0@4");
    expect(naive(["abab", "babb"], "abababb")).toBe("0@4");
  });

  it("random_streams_agree_with_a_naive_search", () => {
    const patterns = ["aba", "bab", "abba", "b a", "aaab", "ba b"];
    let seed: u32 = 12345;
    for (let round = 0; round < 40; round++) {
      let s = "";
      for (let i = 0; i < 60; i++) {
        seed = seed * 1103515245 + 12345;
        const k = (seed >> 16) % 3;
        s += k == 0 ? "a" : k == 1 ? "b" : " ";
      }
      const expected = naive(patterns, s);
      expect(scan(newMatcher(patterns), text(s), [])).toBe(expected, s);
      expect(scan(newMatcher(patterns), text(s), [17, 18, 40])).toBe(expected, s);
    }
  });

  it("bytes_of_every_value_pass_through", () => {
    let s = "";
    for (let i = 0; i < 256; i++) s += String.fromCharCode(i);
    expectEverySplit(["OK"], s + "OK", "0@258");
  });

  it("no_match_consumes_everything_and_keeps_state", () => {
    const m = newMatcher(["CONNECT"]);
    const a = text("xxCONN");
    expect(matcherFeed(m, changetype<usize>(a), a.length)).toBe(6);
    expect(m.found).toBe(-1);
    const b = text("ECTyy");
    expect(matcherFeed(m, changetype<usize>(b), b.length)).toBe(3);
    expect(m.found).toBe(0);
  });

  it("empty_automaton_consumes_without_matching", () => {
    const m = changetype<Matcher>(heap.alloc(MATCHER_BYTES));
    matcherReset(m);
    expect(matcherAdd(m, 0, 0)).toBe(false);
    const a = text("anything");
    expect(matcherFeed(m, changetype<usize>(a), a.length)).toBe(8);
    expect(m.found).toBe(-1);
  });

  it("fit_check_bounds_states_and_classes", () => {
    expect(matcherFits(256, 32)).toBe(true);
    expect(matcherFits(257, 2)).toBe(false);
    expect(matcherFits(200, 64)).toBe(false);
    expect(matcherFits(10, 129)).toBe(false);
  });
});

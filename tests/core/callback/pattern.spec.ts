import { patternMatch } from "../../../assembly/callback/pattern";
import { asciiBytes, ptrOf } from "../support/bytes";

function match(pattern: string, number: string): i32 {
  const p = asciiBytes(pattern);
  const t = asciiBytes(number);
  return patternMatch(ptrOf(p), p.length, ptrOf(t), t.length);
}

describe("allowed-number pattern", () => {
  it("literal_patterns_match_only_the_whole_number", () => {
    expect(match("5551234", "5551234")).toBe(1);
    expect(match("555", "0900555")).toBe(0);
    expect(match("555", "5551")).toBe(0);
    expect(match("^5551234$", "5551234")).toBe(1);
  });

  it("dot_star_plus_question_and_classes", () => {
    expect(match("555....", "5551234")).toBe(1);
    expect(match("555....", "555123")).toBe(0);
    expect(match("1?555[0-9]+", "15550")).toBe(1);
    expect(match("1?555[0-9]+", "555")).toBe(0);
    expect(match("[2-9][0-9]*", "0123")).toBe(0);
    expect(match("[2-9][0-9]*", "2")).toBe(1);
    expect(match("[^9].*", "9001")).toBe(0);
    expect(match("[^9].*", "8001")).toBe(1);
    expect(match("\\*70,.*", "*70,5551234")).toBe(1);
  });

  it("many_stars_do_not_blow_up", () => {
    expect(match(".*.*.*.*.*.*.*.*.*.*1", "00000000000000000000000000000000")).toBe(0);
    expect(match(".*.*.*.*.*.*.*.*.*.*1", "00000000000000000000000000000001")).toBe(1);
  });

  it("malformed_patterns_are_refused", () => {
    expect(match("[0-9", "1")).toBe(-1);
    expect(match("*1", "1")).toBe(-1);
    expect(match("1\\", "1")).toBe(-1);
  });
});

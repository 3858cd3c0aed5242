import { selectCompile, selectMatches } from "../../../assembly/chat/select";
import { text } from "../support/chat";

function matches(regexp: string, name: string): bool {
  const re = text(regexp);
  expect(selectCompile(changetype<usize>(re), re.length)).toBe(true, regexp);
  const n = text(name);
  return selectMatches(changetype<usize>(n), n.length);
}

function refused(regexp: string): void {
  const re = text(regexp);
  expect(selectCompile(changetype<usize>(re), re.length)).toBe(false, regexp);
}

describe("chat script selection", () => {
  it("plain_text_matches_anywhere_in_the_name", () => {
    expect(matches("cllbk", "usr-cllbk-1")).toBe(true);
    expect(matches("cllbk", "usr-clbk")).toBe(false);
    expect(matches("", "anything")).toBe(true);
  });

  it("anchors_bind_to_the_ends", () => {
    expect(matches("^dial", "dial-usr")).toBe(true);
    expect(matches("^dial", "x-dial")).toBe(false);
    expect(matches("usr$", "dial-usr")).toBe(true);
    expect(matches("usr$", "usr-dial")).toBe(false);
    expect(matches("^$", "")).toBe(true);
  });

  it("dot_star_plus_question_repeat", () => {
    expect(matches("^d.al$", "dial")).toBe(true);
    expect(matches("^d.al$", "dal")).toBe(false);
    expect(matches("^ab*c$", "ac")).toBe(true);
    expect(matches("^ab*c$", "abbbc")).toBe(true);
    expect(matches("^ab+c$", "ac")).toBe(false);
    expect(matches("^ab+c$", "abbc")).toBe(true);
    expect(matches("^ab?c$", "abc")).toBe(true);
    expect(matches("^ab?c$", "abbc")).toBe(false);
  });

  it("classes_ranges_and_negation", () => {
    expect(matches("^line[0-9]+$", "line17")).toBe(true);
    expect(matches("^line[0-9]+$", "line1x")).toBe(false);
    expect(matches("^[^x]*$", "dial")).toBe(true);
    expect(matches("^[^x]*$", "dixal")).toBe(false);
    expect(matches("[]a]", "]")).toBe(true);
    expect(matches("[a-]", "-")).toBe(true);
  });

  it("alternation_and_groups", () => {
    expect(matches("^(usr|tb)-v(32|90)$", "tb-v90")).toBe(true);
    expect(matches("^(usr|tb)-v(32|90)$", "tb-v34")).toBe(false);
    expect(matches("^(ab)*$", "ababab")).toBe(true);
    expect(matches("^(ab)*$", "aba")).toBe(false);
    expect(matches("^(a|b|c)+x?$", "abcabx")).toBe(true);
  });

  it("underscore_is_a_delimiter_or_an_end", () => {
    expect(matches("_usr_", "usr")).toBe(true);
    expect(matches("_usr_", "x usr,y")).toBe(true);
    expect(matches("_usr_", "xusr")).toBe(false);
  });

  it("backslash_quotes_a_special_character", () => {
    expect(matches("^a\\.b$", "a.b")).toBe(true);
    expect(matches("^a\\.b$", "axb")).toBe(false);
  });

  it("nested_empty_repeats_end_without_blowing_up", () => {
    expect(matches("^(a*)*b$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaac")).toBe(false);
    expect(matches("^(a*)*b$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab")).toBe(true);
  });

  it("malformed_regexps_are_refused", () => {
    refused("(ab");
    refused("ab)");
    refused("*a");
    refused("a|*");
    refused("[ab");
    refused("[z-a]");
    refused("a\\");
    refused("((((((((((((((((((a))))))))))))))))))");
  });
});

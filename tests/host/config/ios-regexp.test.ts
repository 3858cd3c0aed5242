// The IOS regular expressions that choose a chat script by name (`script callback REGEXP`):
// the subset, `_` as IOS defines it, malformed expressions refused at their character, and
// no backtracking blow-up. The choice is the compiler's; the image names the script chosen.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { compileIosRegexp } from "../../../host/config/ios-regexp.ts";
import { compileConfig } from "../../../host/config/compile.ts";

function matches(regexp: string, name: string): boolean {
  const c = compileIosRegexp(regexp);
  assert.ok(c.ok, `${regexp} compiles`);
  return c.regexp.test(name);
}

function refused(regexp: string): { offset: number; message: string } {
  const c = compileIosRegexp(regexp);
  assert.ok(!c.ok, `${regexp} is refused`);
  return { offset: c.offset, message: c.message };
}

test("plain_text_matches_anywhere_in_the_name", () => {
  assert.equal(matches("cllbk", "usr-cllbk-1"), true);
  assert.equal(matches("cllbk", "usr-clbk"), false);
  assert.equal(matches("", "anything"), true);
});

test("anchors_bind_to_the_ends", () => {
  assert.equal(matches("^dial", "dial-usr"), true);
  assert.equal(matches("^dial", "x-dial"), false);
  assert.equal(matches("usr$", "dial-usr"), true);
  assert.equal(matches("usr$", "usr-dial"), false);
  assert.equal(matches("^$", ""), true);
});

test("dot_star_plus_question_repeat", () => {
  assert.equal(matches("^d.al$", "dial"), true);
  assert.equal(matches("^d.al$", "dal"), false);
  assert.equal(matches("^ab*c$", "ac"), true);
  assert.equal(matches("^ab*c$", "abbbc"), true);
  assert.equal(matches("^ab+c$", "ac"), false);
  assert.equal(matches("^ab+c$", "abbc"), true);
  assert.equal(matches("^ab?c$", "abc"), true);
  assert.equal(matches("^ab?c$", "abbc"), false);
});

test("classes_ranges_and_negation", () => {
  assert.equal(matches("^line[0-9]+$", "line17"), true);
  assert.equal(matches("^line[0-9]+$", "line1x"), false);
  assert.equal(matches("^[^x]*$", "dial"), true);
  assert.equal(matches("^[^x]*$", "dixal"), false);
  assert.equal(matches("[]a]", "]"), true);
  assert.equal(matches("[a-]", "-"), true);
  // Cisco's examples quote `-` and `]` inside a set with a backslash.
  assert.equal(matches("^[a-d\\-\\]]+$", "a-]d"), true);
  assert.equal(matches("^[^\\]d]$", "d"), false);
  assert.equal(matches("^[^\\]d]$", "e"), true);
});

test("alternation_and_groups", () => {
  assert.equal(matches("^(usr|tb)-v(32|90)$", "tb-v90"), true);
  assert.equal(matches("^(usr|tb)-v(32|90)$", "tb-v34"), false);
  assert.equal(matches("^(ab)*$", "ababab"), true);
  assert.equal(matches("^(ab)*$", "aba"), false);
  assert.equal(matches("^(a|b|c)+x?$", "abcabx"), true);
  assert.equal(matches("^(a*b)*$", "a"), false, "a loop back to its own start stays inside the group");
  assert.equal(matches("^(a*b)*$", "aabab"), true);
});

test("underscore_is_a_delimiter_or_an_end", () => {
  assert.equal(matches("_usr_", "usr"), true);
  assert.equal(matches("_usr_", "x usr,y"), true);
  assert.equal(matches("_usr_", "xusr"), false);
  // IOS: a comma, a left or right brace or parenthesis, a space, the start or the end.
  for (const d of [",", "{", "}", "(", ")", " "]) assert.equal(matches("^a_b$", `a${d}b`), true, JSON.stringify(d));
  for (const d of ["-", "_", ".", "x", ""]) assert.equal(matches("^a_b$", `a${d}b`), false, JSON.stringify(d));
  assert.equal(matches("usr_", "dial-usr"), true, "the end of the name");
  assert.equal(matches("x\\_y", "x_y"), true, "a quoted underscore is itself");
  assert.equal(matches("x\\_y", "x y"), false);
});

test("backslash_quotes_a_special_character", () => {
  assert.equal(matches("^a\\.b$", "a.b"), true);
  assert.equal(matches("^a\\.b$", "axb"), false);
  assert.equal(matches("v{3}", "v{3}"), true, "braces are literal");
  assert.equal(matches("v{3}", "vvv"), false);
});

test("nested_empty_repeats_end_without_blowing_up", () => {
  assert.equal(matches("^(a*)*b$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaac"), false);
  assert.equal(matches("^(a*)*b$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"), true);
  // A backtracking matcher takes 2^n steps here; this one takes n times the expression.
  const started = process.hrtime.bigint();
  assert.equal(matches("^(a*)*(a|a)*b$", "a".repeat(5000) + "c"), false);
  assert.ok(process.hrtime.bigint() - started < 2_000_000_000n, "linear in the name");
});

test("malformed_regexps_are_refused_at_their_character", () => {
  assert.deepEqual(refused("(ab"), { offset: 0, message: "unbalanced ( in regular expression" });
  assert.deepEqual(refused("ab)"), { offset: 2, message: "unbalanced ) in regular expression" });
  assert.deepEqual(refused("*a"), { offset: 0, message: '"*" has nothing to repeat' });
  assert.deepEqual(refused("a|*"), { offset: 2, message: '"*" has nothing to repeat' });
  assert.deepEqual(refused("a**"), { offset: 2, message: '"*" has nothing to repeat' });
  assert.deepEqual(refused("^*"), { offset: 1, message: '"*" has nothing to repeat' });
  assert.deepEqual(refused("x[ab"), { offset: 1, message: "unterminated [ in regular expression" });
  assert.deepEqual(refused("[z-a]"), { offset: 1, message: "range z-a is backwards in regular expression" });
  assert.deepEqual(refused("a\\"), { offset: 1, message: "regular expression ends with a backslash" });
  assert.deepEqual(refused("[a\\"), { offset: 0, message: "unterminated [ in regular expression" });
});

test("deep_nesting_compiles_as_written", () => {
  // The core's copy had a 16-level limit of its scratch memory; the compiler has none to keep.
  assert.equal(matches("((((((((((((((((((a))))))))))))))))))", "xay"), true);
});

test("scripts_are_selected_by_ios_regexp_over_their_names", () => {
  // The compiler picks, in configuration order, the script the image names for the line.
  const scripts = "chat-script usr-v34 OK\nchat-script telebit-ara OK\nchat-script usr-v90 OK\n";
  const chosen = (regexp: string) => {
    const r = compileConfig(`${scripts}line 7\n script callback ${regexp}\n`, "t.cfg");
    const errors = r.diagnostics.filter((d) => d.severity === "error").map((d) => d.message);
    if (errors.length) return errors.join("; ");
    const names = r.model.chatScripts.map((s) => s.name);
    return (r.model.lines[0].scripts.callback?.matches ?? []).map((n) => names.indexOf(n));
  };
  assert.deepEqual(chosen("usr"), [0, 2]);
  assert.deepEqual(chosen("v90$"), [2]);
  assert.deepEqual(chosen("^(telebit|hayes)-"), [1]);
  assert.equal(chosen("courier"), 'no matching chat script found for "courier" (script callback)');
  assert.equal(chosen("usr("), "unbalanced ( in regular expression");
});

// Without `_`, the subset means what JavaScript's RegExp means: both must agree on every name.
const atom = fc.constantFrom("a", "b", "-", ".", "[ab]", "[^a]", "[a-]", "\\.", "\\*", "()");
const quantifier = fc.constantFrom("*", "+", "?");
function expression(depth: number): fc.Arbitrary<string> {
  if (depth === 0) return fc.oneof(atom, fc.tuple(atom, quantifier).map(([x, q]) => x + q));
  const inner = expression(depth - 1);
  return fc.oneof(
    fc.tuple(inner, inner).map(([x, y]) => x + y),
    fc.tuple(inner, inner).map(([x, y]) => `${x}|${y}`),
    fc.tuple(inner, quantifier).map(([x, q]) => `(${x})${q}`),
    inner,
  );
}
const anchored = fc.tuple(fc.integer({ min: 0, max: 3 }).chain(expression), fc.constantFrom("", "^", "$", "^$")).map(([x, a]) =>
  a === "^$" ? `^(${x})$` : a === "^" ? `^${x}` : a === "$" ? `${x}$` : x,
);

test("the_subset_without_underscore_agrees_with_javascript", () => {
  fc.assert(
    fc.property(anchored, fc.array(fc.stringMatching(/^[ab.*-]{0,7}$/), { minLength: 1, maxLength: 8 }), (source, names) => {
      const ours = compileIosRegexp(source);
      assert.ok(ours.ok, source);
      const js = new RegExp(source);
      for (const n of names) assert.equal(ours.regexp.test(n), js.test(n), `${source} on ${JSON.stringify(n)}`);
    }),
    { numRuns: 3000, seed: 1304 },
  );
});

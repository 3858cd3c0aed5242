import { test } from "node:test";
import assert from "node:assert/strict";
import { compileConfig, formatDiagnostics } from "../../../host/config/compile.ts";
import { modemcapScript, modemcapTable, resolveModemcap } from "../../../host/config/modemcap.ts";
import { showRunningConfig } from "../../../host/config/show.ts";

// `modemcap entry` acts now (modem autoconfigure sends it): it is read, checked at its line,
// printed back, and a modem type that names nothing is said at the line that names it.

const said = (text: string) => formatDiagnostics(compileConfig(text, "gw.cfg"), false).join("\n");

test("a modemcap entry is taken without an 'accepted, no effect here' note and gives the init string", () => {
  const text = "modemcap entry nodtr:DTR=&D0\nline 1\n modem InOut\n modem autoconfigure type nodtr\n";
  const r = compileConfig(text, "gw.cfg");
  assert.equal(r.ok, true);
  assert.deepEqual(r.diagnostics, [], "nothing to say (not even a note) about a modemcap entry that is used");
  const cap = resolveModemcap("nodtr", modemcapTable(r.model))!;
  assert.deepEqual(modemcapScript(cap).slice(-4), ["AT&FS0=1&C1&D0", "TIMEOUT", "5", "OK"], "the default entry's settings with DTR ignored");
  assert.match(showRunningConfig(r.model), /^modemcap entry nodtr:DTR=&D0$/m);
});

test("a modemcap entry with an unknown attribute is an error at its column", () => {
  const out = said("modemcap entry bad:XYZ=1\n");
  assert.match(out, /^gw\.cfg:1:16: error: modemcap entry bad:XYZ=1: unknown modemcap attribute "XYZ"/);
});

test("a later entry of the same name replaces the first; `no modemcap entry NAME` removes it", () => {
  const r = compileConfig("modemcap entry a:AA=S0=2\nmodemcap entry a:AA=S0=3\n", "gw.cfg");
  assert.deepEqual(resolveModemcap("a", modemcapTable(r.model))?.attributes.AA, "S0=3");
  const gone = compileConfig("modemcap entry a:AA=S0=2\nno modemcap entry a\n", "gw.cfg");
  assert.equal(modemcapTable(gone.model).has("a"), false);
});

test("modem autoconfigure type naming no entry is a warning at the name, with a did-you-mean", () => {
  const out = said("line 1\n modem autoconfigure type usr_sportstr\n");
  assert.match(out, /^gw\.cfg:2:27: warning: modem type "usr_sportstr" is neither built in nor a "modemcap entry".*\(did you mean "usr_sportster"\?\)/);
  assert.equal(said("line 1\n modem autoconfigure type mine\nmodemcap entry mine:AA=S0=1\n"), "", "an entry after the line counts");
});

// Our TACACS+ codec against a third-party client: Authen::TacacsPlus 0.28 (Debian
// libauthen-tacacsplus-perl, authentication only; interop.md §6) logs in to
// the fixture server of tests/support/tacacs-fixture.ts with PAP, CHAP and ASCII. The fixture
// must reveal what Perl obfuscated with the shared key, and Perl must read the fixture's verdict.

import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  TACACS_AUTHEN_TYPE_ASCII,
  TACACS_AUTHEN_TYPE_CHAP,
  TACACS_AUTHEN_TYPE_PAP,
  TACACS_VERSION_DEFAULT,
  TACACS_VERSION_ONE,
} from "../../host/aaa/tacacs-codec.ts";
import { hasPerlModule, requirePerlModule } from "../support/external.ts";
import { TacacsFixture, type FixtureSession } from "../support/tacacs-fixture.ts";
import { chapResponse } from "../support/chap.ts";

const run = promisify(execFile);
const PACKAGE = "libauthen-tacacsplus-perl";
const KEY = "interop-Key-7d2";
const USERS = { alice: "s3cret-Alice", carol: "carols-pass-word" };
const CHAP_ID = 42;
const CHALLENGE = Uint8Array.from({ length: 16 }, (_, i) => 0xb0 + i);

// One process per login: the module keeps one connection per object and the fixture closes it after a session (no single-connect).
// CHAP: the module takes id ‖ challenge ‖ MD5(id ‖ password ‖ challenge) in place of the password (its POD; interop.md §6).
const PERL = `
use strict;
use Authen::TacacsPlus;
use Digest::MD5 qw(md5);
my ($port, $key, $type, $user, $password) = @ARGV;
my $t = Authen::TacacsPlus->new(Host => "127.0.0.1", Port => $port, Key => $key, Timeout => 5)
  or do { print "result=new-failed errmsg=", Authen::TacacsPlus::errmsg(), "\\n"; exit 2 };
my ($secret, $authen_type) = ($password, Authen::TacacsPlus::TAC_PLUS_AUTHEN_TYPE_ASCII());
$authen_type = Authen::TacacsPlus::TAC_PLUS_AUTHEN_TYPE_PAP() if $type eq "pap";
if ($type eq "chap") {
  my $id = chr(${CHAP_ID});
  my $challenge = join "", map { chr(0xb0 + $_) } 0 .. 15;
  $secret = $id . $challenge . md5($id . $password . $challenge);
  $authen_type = Authen::TacacsPlus::TAC_PLUS_AUTHEN_TYPE_CHAP();
}
my $ok = $t->authen($user, $secret, $authen_type);
print "result=", ($ok ? 1 : 0), " errmsg=", ($ok ? "" : Authen::TacacsPlus::errmsg()), "\\n";
$t->close();
`;

interface PerlRun {
  result: string;
  errmsg: string;
}

async function perlLogin(port: number, key: string, type: "pap" | "chap" | "ascii", user: string, password: string): Promise<PerlRun> {
  // Asynchronous on purpose: the fixture answers from this process's event loop while Perl waits.
  const { stdout } = await run("perl", ["-e", PERL, String(port), key, type, user, password], { timeout: 20_000 });
  const match = /^result=(\S+) errmsg=(.*)$/m.exec(stdout);
  assert.ok(match, `unexpected Perl output: ${stdout}`);
  return { result: match[1], errmsg: match[2] };
}

function available(t: TestContext): boolean {
  return requirePerlModule(t, "Authen::TacacsPlus", PACKAGE);
}

async function withFixture(body: (fixture: TacacsFixture) => Promise<void>, key = KEY): Promise<void> {
  const fixture = await TacacsFixture.start({ key, users: USERS });
  try {
    await body(fixture);
  } finally {
    await fixture.close();
  }
}

const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? new Uint8Array(0)).toString("latin1");

function only(fixture: TacacsFixture): FixtureSession {
  assert.equal(fixture.sessions.length, 1, "one session per Perl login");
  return fixture.sessions[0];
}

test("perl_module_check_tells_a_missing_module_from_a_present_one", (t) => {
  if (!available(t)) return;
  assert.equal(hasPerlModule("Authen::TacacsPlus"), true);
  assert.equal(hasPerlModule("No::Such::Module::Dialback"), false);
});

test("perl_pap_login_fixture_reveals_user_and_password_and_perl_reads_pass_then_fail", async (t) => {
  if (!available(t)) return;
  await withFixture(async (fixture) => {
    assert.deepEqual(await perlLogin(fixture.port, KEY, "pap", "alice", USERS.alice), { result: "1", errmsg: "" });
    const session = only(fixture);
    assert.equal(session.version, TACACS_VERSION_ONE, "PAP in minor version 1 (RFC 8907 §5.4.1)");
    assert.equal(session.flags, 0, "obfuscated");
    assert.equal(session.start?.authenType, TACACS_AUTHEN_TYPE_PAP);
    assert.equal(session.user, "alice");
    assert.equal(session.password, USERS.alice);
    assert.equal(session.result, "pass");
  });
  await withFixture(async (fixture) => {
    assert.deepEqual(await perlLogin(fixture.port, KEY, "pap", "alice", "wrong-one"), { result: "0", errmsg: "Authentication failed" });
    assert.equal(only(fixture).password, "wrong-one");
    assert.equal(only(fixture).result, "fail");
  });
});

test("perl_chap_login_fixture_recomputes_the_response_from_the_callers_id_challenge_response", async (t) => {
  if (!available(t)) return;
  await withFixture(async (fixture) => {
    assert.deepEqual(await perlLogin(fixture.port, KEY, "chap", "carol", USERS.carol), { result: "1", errmsg: "" });
    const session = only(fixture);
    assert.equal(session.version, TACACS_VERSION_ONE);
    assert.equal(session.start?.authenType, TACACS_AUTHEN_TYPE_CHAP);
    const expected = Uint8Array.from([CHAP_ID, ...CHALLENGE, ...chapResponse(CHAP_ID, USERS.carol, CHALLENGE)]);
    assert.equal(Buffer.from(session.start!.data).toString("hex"), Buffer.from(expected).toString("hex"), "id ‖ challenge ‖ response, whole");
    assert.equal(session.chapValid, true);
  });
  await withFixture(async (fixture) => {
    assert.deepEqual(await perlLogin(fixture.port, KEY, "chap", "carol", "not-carols"), { result: "0", errmsg: "Authentication failed" });
    assert.equal(only(fixture).chapValid, false);
  });
});

test("perl_ascii_login_fixture_asks_getuser_and_getpass_and_reads_both_from_user_msg", async (t) => {
  if (!available(t)) return;
  await withFixture(async (fixture) => {
    assert.deepEqual(await perlLogin(fixture.port, KEY, "ascii", "alice", USERS.alice), { result: "1", errmsg: "" });
    const session = only(fixture);
    assert.equal(session.version, TACACS_VERSION_DEFAULT, "ASCII in minor version 0");
    assert.equal(session.start?.authenType, TACACS_AUTHEN_TYPE_ASCII);
    assert.equal(text(session.start?.user), "", "Perl names no user in START, so the fixture asks GETUSER");
    // RFC 8907 §5.4.2.1: both answers travel in user_msg, as our client sends them too.
    assert.deepEqual(session.continues, [{ userMsg: "alice", data: "", flags: 0 }, { userMsg: USERS.alice, data: "", flags: 0 }]);
    assert.equal(session.result, "pass");
  });
  await withFixture(async (fixture) => {
    assert.deepEqual(await perlLogin(fixture.port, KEY, "ascii", "alice", "nope"), { result: "0", errmsg: "Authentication failed" });
    assert.equal(only(fixture).password, "nope");
    assert.equal(only(fixture).result, "fail");
  });
});

test("perl_with_another_key_is_not_understood_and_gets_no_pass", async (t) => {
  if (!available(t)) return;
  await withFixture(async (fixture) => {
    const answer = await perlLogin(fixture.port, "some-other-key", "pap", "alice", USERS.alice);
    assert.equal(answer.result, "0");
    assert.match(only(fixture).undecodable ?? "", /add up/, "the fixture found the lengths inconsistent (RFC 8907 §4.5)");
  });
});

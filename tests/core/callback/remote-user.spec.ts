import {
  directoryReset, directoryAdd, directoryRemoteInit, directoryFlags, directoryDialstringLen, directoryNameLen, directoryLogin,
  directorySecretIs, directoryRotary, directoryLineFirst, directoryLineLast, directoryPatternLen, directoryRetries, DIRECTORY_MAX_USERS, directoryRemoteFor,
  directoryRemoteCount,
  DIRECTORY_TOO_LONG, USER_CALLBACK, USER_NOCALLBACK_VERIFY, USER_REMOTE,
} from "../../../assembly/users/directory";
import { remoteUserSet } from "../../../assembly/callback/remote-user";
import { authAcceptedUser, authModeSet } from "../../../assembly/protocol/auth";
import { recordsInit, recordAt, recordsFor, CallbackState } from "../../../assembly/callback/record";
import { arenaReset } from "../../../assembly/mem/arena";
import { limitInit, limitAllows, limitRecord } from "../../../assembly/callback/limit";
import { asciiBytes, ptrOf } from "../support/bytes";

// Users an AAA server accepted (callback/remote-user.ts): kept apart from the local users,
// never checked for a password here, and reused only when nothing refers to them.

// Sized as init does for an image of LINES lines (the console is one more line machine).
const LINES = 4;
const RECORDS = recordsFor(LINES);
const REMOTE_USERS = directoryRemoteFor(LINES + 1, RECORDS);

function fresh(): void {
  arenaReset();
  directoryReset();
  expect(directoryRemoteInit(REMOTE_USERS)).toBe(true);
  expect(recordsInit(RECORDS)).toBe(true);
}

function remote(name: string, flags: u32, dial: string = "", rotary: u32 = 0, first: u32 = 0, last: u32 = 0, pattern: string = ""): i32 {
  const n = asciiBytes(name);
  const d = asciiBytes(dial);
  const p = asciiBytes(pattern);
  return remoteUserSet(ptrOf(n), n.length, flags, ptrOf(d), d.length, rotary, first, last, ptrOf(p), p.length);
}

function accepted(name: string): i32 {
  const n = asciiBytes(name);
  return authAcceptedUser(ptrOf(n), n.length);
}

describe("remote users", () => {
  it("the_region_has_one_entry_more_than_lines_and_callback_records_can_hold", () => {
    // Each line and each callback record refers to at most one user: one entry is always free to reuse.
    expect(directoryRemoteFor(5, 26)).toBe(32);
    fresh();
    expect(directoryRemoteCount()).toBe(LINES + 1 + RECORDS + 1);
    expect(remote("u", 0)).toBe(DIRECTORY_MAX_USERS);
  });

  it("carry_what_the_server_allows_and_are_found_only_when_a_server_was_asked", () => {
    fresh();
    const n = asciiBytes("ted");
    const s = asciiBytes("local-secret");
    expect(directoryAdd(ptrOf(n), n.length, ptrOf(s), s.length, 0)).toBe(0);
    const ted = remote("ted", USER_CALLBACK | USER_NOCALLBACK_VERIFY, "5551234", 3, 5, 6);
    const wanda = remote("wanda", 0, "5559999");
    expect(ted).toBe(DIRECTORY_MAX_USERS);
    expect(wanda).toBe(DIRECTORY_MAX_USERS + 1);
    expect(directoryFlags(ted)).toBe(USER_CALLBACK | USER_NOCALLBACK_VERIFY | USER_REMOTE);
    expect(directoryDialstringLen(ted)).toBe(7);
    expect(directoryRotary(ted)).toBe(3);
    expect(directoryLineFirst(ted)).toBe(5);
    expect(directoryLineLast(ted)).toBe(6);
    // No callback allowed: the number the server may have sent is not kept.
    expect(directoryFlags(wanda)).toBe(USER_REMOTE);
    expect(directoryDialstringLen(wanda)).toBe(0);
    authModeSet(0);
    expect(accepted("ted")).toBe(0);
    expect(accepted("wanda")).toBe(-1);
    authModeSet(1);
    expect(accepted("ted")).toBe(0); // the local table answered, the server was never asked
    expect(accepted("wanda")).toBe(wanda);
    authModeSet(2);
    expect(accepted("ted")).toBe(ted);
    expect(accepted("nobody")).toBe(-1);
    authModeSet(0);
  });

  it("keep_the_allowed_pattern_for_a_number_the_caller_gives", () => {
    fresh();
    const index = remote("ted", USER_CALLBACK, "", 0, 0, 0, "^555");
    expect(directoryPatternLen(index)).toBe(4);
    expect(directoryRetries(index)).toBe(0); // no `callback retry` in this spec's (absent) image
    expect(remote("ted", USER_CALLBACK, "", 0, 0, 0, "x".repeat(49))).toBe(DIRECTORY_TOO_LONG);
  });

  it("never_pass_a_password_check_here", () => {
    fresh();
    const index = remote("eve", USER_CALLBACK, "");
    const n = asciiBytes("eve");
    const empty = asciiBytes("");
    expect(directorySecretIs(index, ptrOf(empty), 0)).toBe(false);
    expect(directoryLogin(ptrOf(n), n.length, ptrOf(empty), 0)).toBe(-1);
  });

  it("a_new_answer_for_the_same_name_rewrites_its_entry", () => {
    fresh();
    const first = remote("ted", USER_CALLBACK, "5551234");
    expect(remote("ted", 0)).toBe(first);
    expect(directoryFlags(first)).toBe(USER_REMOTE);
    expect(directoryDialstringLen(first)).toBe(0);
  });

  it("overlong_fields_record_nothing_usable", () => {
    fresh();
    expect(remote("a".repeat(33), 0)).toBe(DIRECTORY_TOO_LONG);
    expect(remote("", 0)).toBe(DIRECTORY_TOO_LONG);
    const index = remote("ted", USER_CALLBACK, "5".repeat(33));
    expect(index).toBe(DIRECTORY_TOO_LONG);
    // The entry stays, but with no callback: never a truncated number.
    expect(directoryFlags(DIRECTORY_MAX_USERS) & USER_CALLBACK).toBe(0);
  });

  it("a_full_region_reuses_the_oldest_entry_nothing_refers_to", () => {
    fresh();
    for (let i = 0; i < REMOTE_USERS; i++) expect(remote("u" + i.toString(), 0)).toBe(DIRECTORY_MAX_USERS + i);
    // A callback record still refers to the oldest: the next oldest is reused instead.
    const r = recordAt(0)!;
    r.state = CallbackState.Finished;
    r.userIndex = DIRECTORY_MAX_USERS;
    expect(remote("late", 0)).toBe(DIRECTORY_MAX_USERS + 1);
    expect(directoryNameLen(DIRECTORY_MAX_USERS)).toBe(2);
    expect(accepted("u1")).toBe(-1);
    r.state = CallbackState.Free;
    expect(remote("later", 0)).toBe(DIRECTORY_MAX_USERS);
  });

  it("a_reused_entry_starts_with_no_callbacks_counted_and_a_rewrite_keeps_them", () => {
    fresh();
    expect(limitInit(1, 60)).toBe(true);
    const first = remote("u0", USER_CALLBACK, "5551234");
    limitRecord(first, 0);
    expect(limitAllows(first, 1000)).toBe(false);
    expect(remote("u0", USER_CALLBACK, "5551234")).toBe(first); // the same user answered again
    expect(limitAllows(first, 1000)).toBe(false);
    for (let i = 1; i < REMOTE_USERS; i++) remote("u" + i.toString(), 0);
    expect(remote("late", USER_CALLBACK, "5559999")).toBe(first); // the oldest, nothing refers to it
    expect(limitAllows(first, 1000)).toBe(true);
    limitInit(0, 0);
  });
});

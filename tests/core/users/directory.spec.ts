import {
  directoryReset, directoryAdd, directoryFind, directoryLogin, directoryNameLen, directoryCount, directorySetCallback,
  directoryFlags, directoryDialstringLen, DIRECTORY_MAX_USERS, DIRECTORY_FULL, DIRECTORY_TOO_LONG, USER_CALLBACK,
} from "../../../assembly/users/directory";
import { authCheckChap, authCheckPap, authModeSet, chapDigest, AuthVerdict } from "../../../assembly/protocol/auth";
import { arenaReset } from "../../../assembly/mem/arena";
import { asciiBytes, ptrOf } from "../support/bytes";

function add(name: string, secret: string): i32 {
  const n = asciiBytes(name);
  const s = asciiBytes(secret);
  return directoryAdd(ptrOf(n), n.length, ptrOf(s), s.length, 0);
}

function login(name: string, secret: string): i32 {
  const n = asciiBytes(name);
  const s = asciiBytes(secret);
  return directoryLogin(ptrOf(n), n.length, ptrOf(s), s.length);
}

describe("directory", () => {
  it("login_needs_the_exact_name_and_password", () => {
    arenaReset();
    directoryReset();
    expect(add("Ted", "Rhoda")).toBe(0);
    expect(add("milarepa", "")).toBe(1);
    expect(login("Ted", "Rhoda")).toBe(0);
    expect(login("ted", "Rhoda")).toBe(-1);
    expect(login("Ted", "Rhod")).toBe(-1);
    expect(login("Ted", "Rhodaa")).toBe(-1);
    expect(login("nobody", "")).toBe(-1);
    expect(login("milarepa", "")).toBe(1);
    expect(directoryNameLen(1)).toBe(8);
  });

  it("overlong_fields_and_a_full_table_are_refused", () => {
    arenaReset();
    directoryReset();
    expect(add("", "x")).toBe(DIRECTORY_TOO_LONG);
    expect(add("a234567890123456789012345678901234", "x")).toBe(DIRECTORY_TOO_LONG);
    // Secrets up to 64 octets (CHAP secrets are often longer than a login password).
    expect(add("long", "s".repeat(64))).toBe(0);
    expect(add("longer", "s".repeat(65))).toBe(DIRECTORY_TOO_LONG);
    for (let i = 1; i < DIRECTORY_MAX_USERS; i++) add("u" + i.toString(), "p");
    expect(directoryCount()).toBe(DIRECTORY_MAX_USERS);
    expect(add("one-more", "p")).toBe(DIRECTORY_FULL);
    const n = asciiBytes("u63");
    expect(directoryFind(ptrOf(n), 3)).toBe(63);
  });

  it("a_user_added_again_is_replaced_in_place_with_its_callback_data_cleared", () => {
    arenaReset();
    directoryReset();
    expect(add("ted", "rhoda")).toBe(0);
    const d = asciiBytes("5551234");
    expect(directorySetCallback(0, ptrOf(d), d.length, 0, 0, 0, 0, 0, 0, 0)).toBe(true);
    expect(directoryFlags(0) & USER_CALLBACK).toBe(USER_CALLBACK);
    expect(add("ted", "lou")).toBe(0);
    expect(directoryCount()).toBe(1);
    expect(login("ted", "rhoda")).toBe(-1);
    expect(login("ted", "lou")).toBe(0);
    expect(directoryFlags(0)).toBe(0);
    expect(directoryDialstringLen(0)).toBe(0);
  });

  it("pap_and_chap_check_the_same_users_as_logins", () => {
    arenaReset();
    directoryReset();
    authModeSet(0);
    expect(add("ted", "rhoda")).toBe(0);
    const n = asciiBytes("ted");
    const good = asciiBytes("rhoda");
    const bad = asciiBytes("rhodA");
    const other = asciiBytes("wanda");
    expect(authCheckPap(ptrOf(n), n.length, ptrOf(good), good.length)).toBe(AuthVerdict.Accept);
    expect(authCheckPap(ptrOf(n), n.length, ptrOf(bad), bad.length)).toBe(AuthVerdict.Reject);
    expect(authCheckPap(ptrOf(other), other.length, ptrOf(good), good.length)).toBe(AuthVerdict.Reject);
    // RFC 1994 §2: the response is MD5(id ‖ secret ‖ challenge).
    const challenge = asciiBytes("0123456789abcdef");
    const response = new StaticArray<u8>(16);
    chapDigest(7, ptrOf(good), good.length, ptrOf(challenge), challenge.length, ptrOf(response));
    expect(authCheckChap(ptrOf(n), n.length, 7, ptrOf(challenge), challenge.length, ptrOf(response), 16)).toBe(AuthVerdict.Accept);
    expect(authCheckChap(ptrOf(n), n.length, 8, ptrOf(challenge), challenge.length, ptrOf(response), 16)).toBe(AuthVerdict.Reject);
    // Replacing the user changes what PPP accepts at once.
    expect(add("ted", "lou")).toBe(0);
    expect(authCheckPap(ptrOf(n), n.length, ptrOf(good), good.length)).toBe(AuthVerdict.Reject);
  });
});

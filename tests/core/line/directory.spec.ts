import {
  directoryInit, directoryAdd, directoryFind, directoryLogin, directoryNameLen, directoryCount, DIRECTORY_MAX_USERS,
} from "../../../assembly/line/directory";
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
    directoryInit();
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
    directoryInit();
    expect(add("", "x")).toBe(-1);
    expect(add("a234567890123456789012345678901234", "x")).toBe(-1);
    for (let i = 0; i < DIRECTORY_MAX_USERS; i++) add("u" + i.toString(), "p");
    expect(directoryCount()).toBe(DIRECTORY_MAX_USERS);
    expect(add("one-more", "p")).toBe(-1);
    const n = asciiBytes("u63");
    expect(directoryFind(ptrOf(n), 3)).toBe(63);
  });
});

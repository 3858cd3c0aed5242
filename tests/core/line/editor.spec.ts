import { Editor, editorFeed, editorReset, EditResult, EDITOR_BYTES } from "../../../assembly/line/editor";
import { Line } from "../../../assembly/line/lines";
import { Ring, ringInit, ringUsed, ringRead } from "../../../assembly/mem/ring";

function newLine(): Line {
  const l = changetype<Line>(heap.alloc(offsetof<Line>()));
  memory.fill(changetype<usize>(l), 0, offsetof<Line>());
  l.txRing = changetype<Ring>(heap.alloc(offsetof<Ring>()));
  ringInit(l.txRing, heap.alloc(512), 512);
  return l;
}

function newEditor(): Editor {
  const e = changetype<Editor>(heap.alloc(offsetof<Editor>()));
  e.buf = heap.alloc(EDITOR_BYTES);
  e.len = 0;
  e.lastWasCr = 0;
  return e;
}

function feed(e: Editor, l: Line, text: string, echo: bool = true): i32 {
  let done = 0;
  for (let i = 0; i < text.length; i++) if (editorFeed(e, l, <u8>text.charCodeAt(i), echo) == EditResult.Done) done++;
  return done;
}

function shown(l: Line): string {
  const n = ringUsed(l.txRing);
  const tmp = heap.alloc(n);
  ringRead(l.txRing, tmp, n);
  return String.UTF8.decodeUnsafe(tmp, n);
}

function text(e: Editor): string {
  return String.UTF8.decodeUnsafe(e.buf, e.len);
}

describe("editor", () => {
  it("characters_are_echoed_and_cr_finishes_the_line", () => {
    const e = newEditor();
    const l = newLine();
    expect(feed(e, l, "show\r")).toBe(1);
    expect(text(e)).toBe("show");
    expect(shown(l)).toBe("show\r\n");
  });

  it("cr_lf_counts_as_one_line_end", () => {
    const e = newEditor();
    const l = newLine();
    expect(feed(e, l, "a\r\n")).toBe(1);
    editorReset(e);
    expect(feed(e, l, "b\n")).toBe(1);
  });

  it("backspace_and_delete_remove_the_last_character", () => {
    const e = newEditor();
    const l = newLine();
    feed(e, l, "shox\x08w\x7f\x7fow\r");
    expect(text(e)).toBe("show");
  });

  it("ctrl_u_erases_the_line_and_controls_are_ignored", () => {
    const e = newEditor();
    const l = newLine();
    feed(e, l, "garbage\x15ok\x01\x1b\r");
    expect(text(e)).toBe("ok");
  });

  it("no_echo_for_passwords", () => {
    const e = newEditor();
    const l = newLine();
    feed(e, l, "secret\r", false);
    expect(shown(l)).toBe("\r\n");
    expect(text(e)).toBe("secret");
  });

  it("a_full_line_rings_the_bell_and_keeps_its_bytes", () => {
    const e = newEditor();
    const l = newLine();
    for (let i: u32 = 0; i < EDITOR_BYTES + 5; i++) editorFeed(e, l, 0x61, false);
    expect(e.len).toBe(EDITOR_BYTES);
    expect(shown(l)).toBe("\x07\x07\x07\x07\x07");
  });

  it("a_field_ends_at_the_first_printable_byte_past_its_length_without_a_bell", () => {
    const e = newEditor();
    const l = newLine();
    for (let i = 0; i < 3; i++) expect(editorFeed(e, l, 0x61, true, 3)).toBe(EditResult.Continue);
    expect(editorFeed(e, l, 0x01, true, 3)).toBe(EditResult.Continue, "a control byte is no input");
    expect(editorFeed(e, l, 0x08, true, 3)).toBe(EditResult.Continue);
    expect(editorFeed(e, l, 0x62, true, 3)).toBe(EditResult.Continue, "room again after a backspace");
    expect(editorFeed(e, l, 0x63, true, 3)).toBe(EditResult.Overflow);
    expect(e.len).toBe(3);
    expect(shown(l)).toBe("aaa\x08 \x08b");
  });
});

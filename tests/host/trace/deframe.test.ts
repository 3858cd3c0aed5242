import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Deframer, fcs16, type DeframeIssue } from "../../../host/trace/deframe.ts";
import { hdlcFrame } from "../../support/hdlc.ts";

const CONFREQ = Buffer.from("ff03c021010100140206000000000506c8035b3507020802", "hex");

function deframe(bytes: Uint8Array, options = {}): { frames: string[]; issues: DeframeIssue[]; d: Deframer } {
  const d = new Deframer(options);
  const frames: string[] = [];
  const issues: DeframeIssue[] = [];
  d.push(bytes, (f) => frames.push(Buffer.from(f).toString("hex")), (i) => issues.push(i));
  d.finish((i) => issues.push(i));
  return { frames, issues, d };
}

test("fcs16_of_a_frame_followed_by_its_fcs_is_the_rfc1662_good_value", () => {
  const wire = hdlcFrame(CONFREQ, 0); // ACCM 0: only 7D/7E escaped, none present here
  const body = wire.subarray(1, wire.length - 1);
  assert.equal(fcs16(body), 0xf0b8);
  assert.equal(fcs16(Buffer.from("123456789")) ^ 0xffff, 0x906e); // the usual check value
});

test("frames_from_the_independent_test_framer_come_back_for_any_payload_and_accm", () => {
  fc.assert(
    fc.property(fc.array(fc.uint8Array({ minLength: 2, maxLength: 80 }), { maxLength: 5 }), fc.constantFrom(0, 0xffffffff, 0x000a0000), (frames, accm) => {
      const wire = Buffer.concat(frames.map((f) => hdlcFrame(f, accm)));
      const { frames: got, issues } = deframe(wire);
      assert.deepEqual(got, frames.map((f) => Buffer.from(f).toString("hex")));
      assert.deepEqual(issues, []);
    }),
  );
});

test("text_before_the_first_flag_runts_bad_fcs_and_aborts_are_reported_not_hidden", () => {
  const good = hdlcFrame(CONFREQ);
  const bad = Buffer.from(good);
  bad[10] ^= 0x04;
  const stream = Buffer.concat([
    Buffer.from("CONNECT 115200\r\n"),
    good,
    Buffer.from("01027e", "hex"), // runt: two octets between flags
    bad,
    Buffer.from("ff037d7e", "hex"), // abort: 7D 7E
    good,
  ]);
  const { frames, issues, d } = deframe(stream);
  assert.deepEqual(frames, [CONFREQ.toString("hex"), CONFREQ.toString("hex")]);
  assert.deepEqual(issues.map((i) => i.kind), ["outside", "runt", "badFcs", "abort"]);
  assert.equal(Buffer.from(issues[0].bytes).toString(), "CONNECT 115200\r\n");
  assert.deepEqual(d.counts, { bytes: stream.length, frames: 2, runts: 1, badFcs: 1, aborts: 1, oversize: 0, outsideBytes: 16, deletedControls: 0 });
});

test("oversize_frames_are_dropped_up_to_the_next_flag_and_bytes_with_no_flag_stay_outside", () => {
  const long = hdlcFrame(Buffer.alloc(100, 0x41));
  const { frames, issues } = deframe(Buffer.concat([long, hdlcFrame(CONFREQ)]), { maxFrame: 50 });
  assert.deepEqual(frames, [CONFREQ.toString("hex")]);
  assert.deepEqual(issues.map((i) => i.kind), ["oversize"]);
  const noFlag = deframe(Buffer.from("NO CARRIER\r\n"));
  assert.deepEqual(noFlag.frames, []);
  assert.deepEqual(noFlag.issues.map((i) => [i.kind, Buffer.from(i.bytes).toString()]), [["outside", "NO CARRIER\r\n"]]);
});

test("controls_in_the_receive_accm_are_deleted_inside_frames", () => {
  const wire = hdlcFrame(CONFREQ);
  const withXon = Buffer.concat([wire.subarray(0, 5), Buffer.of(0x11), wire.subarray(5)]);
  const { frames, d } = deframe(withXon, { accm: 0x000a0000 });
  assert.deepEqual(frames, [CONFREQ.toString("hex")]);
  assert.equal(d.counts.deletedControls, 1);
  assert.equal(deframe(withXon).issues[0]?.kind, "badFcs", "with ACCM 0 the XON stays and breaks the FCS");
});

test("split_at_every_point_gives_the_same_frames", () => {
  const stream = Buffer.concat([hdlcFrame(CONFREQ), hdlcFrame(Buffer.from("ff03c0210902000a00000000", "hex"))]);
  const whole = deframe(stream).frames;
  assert.equal(whole.length, 2);
  for (let cut = 0; cut <= stream.length; cut++) {
    const d = new Deframer();
    const frames: string[] = [];
    const issues: DeframeIssue[] = [];
    for (const part of [stream.subarray(0, cut), stream.subarray(cut)]) {
      d.push(part, (f) => frames.push(Buffer.from(f).toString("hex")), (i) => issues.push(i));
    }
    assert.deepEqual(frames, whole, `cut at ${cut}`);
    assert.deepEqual(issues, []);
  }
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { LineSpecError, parseLineSpec, parseLineSpecs } from "../../../host/lines/line-spec.ts";

test("the three driver forms parse", () => {
  assert.deepEqual(parseLineSpec("1=sim"), { tty: 1, driver: "sim" });
  assert.deepEqual(parseLineSpec("2=sim:5551002"), { tty: 2, driver: "sim", number: "5551002" });
  assert.deepEqual(parseLineSpec("7=tcp:4007"), { tty: 7, driver: "tcp", port: 4007 });
  assert.deepEqual(parseLineSpec("3=serial:/dev/ttyUSB0"), { tty: 3, driver: "serial", device: "/dev/ttyUSB0", speed: 115200 });
  assert.deepEqual(parseLineSpec("4=serial:/dev/ttySC1@57600"), { tty: 4, driver: "serial", device: "/dev/ttySC1", speed: 57600 });
});

test("bad specs say what is wrong and which forms exist", () => {
  const cases: [string, RegExp][] = [
    ["1", /missing '='/],
    ["x=sim", /line number "x"/],
    ["64=sim", /beyond 63/],
    ["1=modem", /unknown driver "modem"/],
    ["1=tcp", /tcp port ""/],
    ["1=tcp:0", /1-65535/],
    ["1=tcp:99999", /1-65535/],
    ["1=serial:", /device missing/],
    ["1=serial:/dev/ttyS0@fast", /speed "fast"/],
    ["1=serial:/dev/ttyS0@12345", /speed 12345/],
    ["1=sim:55x", /digits/],
  ];
  for (const [text, why] of cases) {
    assert.throws(
      () => parseLineSpec(text),
      (e: Error) => e instanceof LineSpecError && why.test(e.message) && e.message.includes("forms:"),
      text,
    );
  }
  assert.throws(() => parseLineSpecs(["1=sim", "1=tcp:4001"]), /line given twice/);
});

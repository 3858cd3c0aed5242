// Parses `--line N=sim`, `--line N=tcp:PORT` and `--line N=serial:DEVICE[@SPEED]`.

export type LineSpec =
  | { tty: number; driver: "sim"; number?: string }
  | { tty: number; driver: "tcp"; port: number }
  | { tty: number; driver: "serial"; device: string; speed: number };

export const MAX_TTY = 63; // the core's line table holds ttys 0-63
export const DEFAULT_SERIAL_SPEED = 115200;
export const SERIAL_SPEEDS = [300, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600];

export class LineSpecError extends Error {}

const FORMS = "N=sim[:NUMBER], N=tcp:PORT or N=serial:DEVICE[@SPEED]";

export function parseLineSpec(text: string): LineSpec {
  const fail = (why: string): never => {
    throw new LineSpecError(`--line ${text}: ${why} (forms: ${FORMS})`);
  };
  const eq = text.indexOf("=");
  if (eq < 0) fail("missing '='");
  const ttyText = text.slice(0, eq).trim();
  if (!/^\d+$/.test(ttyText)) fail(`line number "${ttyText}" is not a number`);
  const tty = Number(ttyText);
  if (tty > MAX_TTY) fail(`line ${tty} is beyond ${MAX_TTY}`);
  const rest = text.slice(eq + 1).trim();
  const colon = rest.indexOf(":");
  const kind = colon < 0 ? rest : rest.slice(0, colon);
  const arg = colon < 0 ? "" : rest.slice(colon + 1);
  switch (kind) {
    case "sim":
      if (arg && !/^[0-9*#]+$/.test(arg)) fail(`subscriber number "${arg}": digits, * and # only`);
      return arg ? { tty, driver: "sim", number: arg } : { tty, driver: "sim" };
    case "tcp": {
      if (!/^\d+$/.test(arg)) fail(`tcp port "${arg}" is not a number`);
      const port = Number(arg);
      if (port < 1 || port > 65535) fail(`tcp port ${port}: 1-65535`);
      return { tty, driver: "tcp", port };
    }
    case "serial": {
      const at = arg.lastIndexOf("@");
      const device = at < 0 ? arg : arg.slice(0, at);
      if (!device) fail("serial device missing");
      let speed = DEFAULT_SERIAL_SPEED;
      if (at >= 0) {
        const s = arg.slice(at + 1);
        if (!/^\d+$/.test(s)) fail(`speed "${s}" is not a number`);
        speed = Number(s);
        if (!SERIAL_SPEEDS.includes(speed)) fail(`speed ${speed}: one of ${SERIAL_SPEEDS.join(", ")}`);
      }
      return { tty, driver: "serial", device, speed };
    }
    default:
      return fail(`unknown driver "${kind}"`);
  }
}

/** Parses several specs and refuses a line given twice. */
export function parseLineSpecs(texts: string[]): LineSpec[] {
  return distinctLines(texts.map(parseLineSpec));
}

/** Refuses a line given twice. */
export function distinctLines(specs: LineSpec[]): LineSpec[] {
  const seen = new Set<number>();
  for (const s of specs) {
    if (seen.has(s.tty)) throw new LineSpecError(`--line ${s.tty}: line given twice`);
    seen.add(s.tty);
  }
  return specs;
}

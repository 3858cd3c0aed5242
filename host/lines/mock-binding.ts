// A serialport binding for tests that really keeps modem control-line state: set() is
// recorded and changes DTR/RTS, get() answers from per-path DCD/DSR/CTS that a test (or
// a simulated modem behind the port) changes at will. Built on MockPortBinding.

import { MockPortBinding, type MockPortInternal } from "@serialport/binding-mock";
import type { BindingInterface, OpenOptions, PortInfo, PortStatus, SetOptions } from "@serialport/bindings-interface";

export interface MockLineState {
  readonly path: string;
  /** Inputs to the DTE, as get() reports them. */
  dcd: boolean;
  dsr: boolean;
  cts: boolean;
  /** Outputs from the DTE, as the last set() (or hupcl on close) left them. */
  dtr: boolean;
  rts: boolean;
  brk: boolean;
  /** Every set() in order, and a final {dtr:false} entry when close() drops DTR (hupcl). */
  readonly sets: SetOptions[];
  /** Bytes the DTE wrote. */
  written: Buffer;
  /** Called with each write, e.g. to feed a simulated modem behind the port. */
  onWrite?: (data: Buffer) => void;
  /** Called after each set(), with the new outputs. */
  onSet?: (state: MockLineState) => void;
  /** The open port, for emitData(); null while closed. */
  port: LineStateMockPort | null;
  /** Makes get() fail like a pty without modem lines ("Inappropriate ioctl"). */
  failGet?: boolean;
  /** Makes set() fail the same way. */
  failSet?: boolean;
}

export class LineStateMockPort extends MockPortBinding {
  constructor(
    private readonly state: MockLineState,
    internal: MockPortInternal,
    openOptions: Required<OpenOptions>,
  ) {
    super(internal, openOptions);
  }

  override async set(options: SetOptions): Promise<void> {
    await super.set(options);
    const s = this.state;
    if (s.failSet) throw new Error("Inappropriate ioctl for device, cannot set");
    s.sets.push({ ...options });
    // Like the real bindings, set() writes every flag it is given.
    if (options.dtr !== undefined) s.dtr = options.dtr;
    if (options.rts !== undefined) s.rts = options.rts;
    if (options.brk !== undefined) s.brk = options.brk;
    s.onSet?.(s);
  }

  override async get(): Promise<PortStatus> {
    await super.get();
    if (this.state.failGet) throw new Error("Inappropriate ioctl for device, cannot get");
    return { cts: this.state.cts, dsr: this.state.dsr, dcd: this.state.dcd };
  }

  override async write(buffer: Buffer): Promise<void> {
    await super.write(buffer);
    this.state.written = Buffer.concat([this.state.written, buffer]);
    this.state.onWrite?.(Buffer.from(buffer));
  }

  override async close(): Promise<void> {
    await super.close();
    const s = this.state;
    s.port = null;
    if (this.openOptions.hupcl && s.dtr) {
      // hupcl: the tty layer drops DTR when the last user closes the port.
      s.dtr = false;
      s.sets.push({ dtr: false });
      s.onSet?.(s);
    }
  }
}

export class LineStateMockBinding implements BindingInterface<LineStateMockPort> {
  private readonly lines = new Map<string, MockLineState>();

  /** Creates a port at `path` with modem inputs as given (default: all low). */
  createLine(path: string, inputs: Partial<Pick<MockLineState, "dcd" | "dsr" | "cts">> = {}): MockLineState {
    const state: MockLineState = {
      path, dcd: false, dsr: false, cts: false, dtr: false, rts: false, brk: false, sets: [], written: Buffer.alloc(0), port: null, ...inputs,
    };
    this.lines.set(path, state);
    return state;
  }

  line(path: string): MockLineState | undefined {
    return this.lines.get(path);
  }

  async open(options: OpenOptions): Promise<LineStateMockPort> {
    const state = this.lines.get(options.path);
    if (!state) throw new Error(`${options.path}: no such mock port`);
    if (state.port) throw new Error(`${options.path}: port is locked (already open)`);
    const openOptions: Required<OpenOptions> = {
      dataBits: 8,
      lock: true,
      stopBits: 1,
      parity: "none",
      rtscts: false,
      xon: false,
      xoff: false,
      xany: false,
      hupcl: true,
      ...options,
    } as Required<OpenOptions>;
    const internal: MockPortInternal = {
      data: Buffer.alloc(0),
      echo: false,
      record: false,
      info: this.info(options.path),
      maxReadSize: 1024,
      openOpt: openOptions,
    };
    const port = new LineStateMockPort(state, internal, openOptions);
    state.port = port;
    return port;
  }

  async list(): Promise<PortInfo[]> {
    return [...this.lines.keys()].map((p) => this.info(p));
  }

  private info(path: string): PortInfo {
    return { path, manufacturer: "dialback mock", serialNumber: undefined, pnpId: undefined, locationId: undefined, productId: undefined, vendorId: undefined };
  }
}

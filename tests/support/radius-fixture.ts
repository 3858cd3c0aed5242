// A RADIUS server for tests on 127.0.0.1, built on host/aaa/radius-codec.ts: it decodes each
// request, checks its Message-Authenticator as a server with `require_message_authenticator`
// would (RFC 3579 §3.2), records it, and sends back what the test's handler returns.

import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { createSocket, type Socket } from "node:dgram";
import { radiusDecode, radiusEncodeResponse, RADIUS_MESSAGE_AUTHENTICATOR, type RadiusAttribute, type RadiusPacket } from "../../host/aaa/radius-codec.ts";

export const RADIUS_TEST_SECRET = "Sh4redSecret-one";

export interface RadiusReceived {
  packet: RadiusPacket;
  datagram: Uint8Array;
  /** The request's Message-Authenticator: first, alone, and right for the server's secret. */
  messageAuthenticatorFirstAndValid: boolean;
}

/** What a fake server sends back for one request: datagrams in order, or nothing. */
export type RadiusHandler = (request: RadiusPacket, server: FakeRadiusServer) => Uint8Array[];

/** RFC 3579 §3.2 recomputed apart from the codec: HMAC-MD5 over the request with the value zeroed. */
export function requestMessageAuthenticatorValid(datagram: Uint8Array, secret: string): boolean {
  const packet = radiusDecode(datagram);
  if (typeof packet === "string") return false;
  const first = packet.attributes[0];
  const count = packet.attributes.filter((a) => a.type === RADIUS_MESSAGE_AUTHENTICATOR).length;
  if (first?.type !== RADIUS_MESSAGE_AUTHENTICATOR || first.value.length !== 16 || count !== 1) return false;
  const zeroed = Uint8Array.from(datagram.subarray(0, (datagram[2] << 8) | datagram[3]));
  zeroed.fill(0, 22, 38);
  const expected = createHmac("md5", Buffer.from(secret, "utf8")).update(zeroed).digest();
  return expected.equals(Buffer.from(first.value));
}

export class FakeRadiusServer {
  readonly received: RadiusReceived[] = [];
  private peer = { port: 0, address: "" };

  private constructor(
    private readonly socket: Socket,
    readonly port: number,
    readonly secret: string,
    private readonly handler: RadiusHandler,
  ) {
    socket.on("message", (datagram, from) => {
      const packet = radiusDecode(datagram);
      assert.ok(typeof packet !== "string", `server got a malformed packet: ${packet}`);
      const messageAuthenticatorFirstAndValid = requestMessageAuthenticatorValid(datagram, secret);
      this.received.push({ packet, datagram: Uint8Array.from(datagram), messageAuthenticatorFirstAndValid });
      this.peer = { port: from.port, address: from.address };
      for (const reply of this.handler(packet, this)) this.send(reply);
    });
  }

  /** Sends to where the last request came from. */
  send(datagram: Uint8Array): void {
    this.socket.send(datagram, this.peer.port, this.peer.address);
  }

  static async start(handler: RadiusHandler, secret = RADIUS_TEST_SECRET): Promise<FakeRadiusServer> {
    const socket = createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    return new FakeRadiusServer(socket, socket.address().port, secret, handler);
  }

  /** A signed reply, with a Message-Authenticator first unless `messageAuthenticator` is false. */
  reply(request: RadiusPacket, code: number, attributes: RadiusAttribute[] = [], messageAuthenticator = true): Uint8Array {
    return radiusEncodeResponse({ code, identifier: request.identifier, attributes }, request.authenticator, this.secret, messageAuthenticator);
  }

  close(): void {
    this.socket.close();
  }
}

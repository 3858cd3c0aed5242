// `aaa authorization exec|network default METHODS`: once a method of the authentication list
// accepted a user (the configuration's own users included), the authorization list decides
// what the user may have, callback included, method by method: a TACACS+ group asks its
// server (RFC 8907 §6), a RADIUS group keeps what RADIUS itself accepted, `local` the
// configuration's user, `if-authenticated`/`if-needed` and `none` what authentication gave.
// A method that cannot answer passes to the next; when none can, the user is refused (IOS).

import type { User } from "../config/model.ts";
import { localCallback } from "./local-method.ts";
import type { AaaAnswer, AaaAuthority, AaaRequest } from "./radius-client.ts";
import type { AaaClient } from "./responder.ts";
import {
  TACACS_AUTHEN_METH_LOCAL,
  TACACS_AUTHEN_METH_NONE,
  TACACS_AUTHEN_METH_RADIUS,
  type TacacsClient,
} from "./tacacs-client.ts";
import { TACACS_AUTHEN_METH_TACACSPLUS } from "./tacacs-codec.ts";

export type AuthorizationStep =
  | { kind: "tacacs+"; group: string; client: TacacsClient }
  | { kind: "radius"; group: string }
  | { kind: "local"; users: User[] }
  | { kind: "if-authenticated" }
  | { kind: "none" };

type Accepted = Extract<AaaAnswer, { verdict: "accept" }>;
type StepAnswer = AaaAnswer | { verdict: "error"; reason: string };

// RFC 8907 §6.1: authen_method says how the user now being authorized was authenticated.
const AUTHEN_METHOD: Record<AaaAuthority, number> = {
  radius: TACACS_AUTHEN_METH_RADIUS,
  "tacacs+": TACACS_AUTHEN_METH_TACACSPLUS,
  local: TACACS_AUTHEN_METH_LOCAL,
  none: TACACS_AUTHEN_METH_NONE,
};

export class AuthorizingClient implements AaaClient {
  constructor(
    private readonly authentication: AaaClient,
    private readonly steps: AuthorizationStep[],
    private readonly log: (text: string) => void = () => {},
  ) {}

  async authenticate(request: AaaRequest): Promise<AaaAnswer> {
    const answer = await this.authentication.authenticate(request);
    if (answer.verdict !== "accept") return answer;
    const reasons: string[] = [];
    for (const step of this.steps) {
      const decided = await this.authorize(step, request, answer);
      if (decided.verdict !== "error") {
        if (decided.verdict === "reject") this.log(`line ${request.line}: AAA: authorization refused ${request.user} (${stepName(step)})`);
        return decided;
      }
      reasons.push(`${stepName(step)}: ${decided.reason}`);
    }
    this.log(`line ${request.line}: AAA: no authorization method could answer for ${request.user} (${reasons.join("; ")}), refused`);
    return { verdict: "reject", replyMessage: null };
  }

  close(): void {
    this.authentication.close();
  }

  private async authorize(step: AuthorizationStep, request: AaaRequest, accepted: Accepted): Promise<StepAnswer> {
    const authority = accepted.authority ?? "local";
    switch (step.kind) {
      case "none":
      case "if-authenticated":
        return accepted;
      case "local": {
        const user = step.users.find((u) => u.name === request.user);
        if (!user) return { verdict: "reject", replyMessage: null };
        return { ...accepted, callback: localCallback(user) };
      }
      case "radius":
        // RADIUS authorizes in its Access-Accept; a user some other method let in has none to give.
        return authority === "radius" ? accepted : { verdict: "error", reason: `${request.user} was not authenticated by RADIUS` };
      case "tacacs+": {
        // The TACACS+ client authorizes right after its own authentication (RFC 8907 §6): that answer stands.
        if (authority === "tacacs+") return accepted;
        const granted = await step.client.authorize(request, AUTHEN_METHOD[authority]);
        if (granted.verdict === "error") return granted;
        if (granted.verdict === "fail") return { verdict: "reject", replyMessage: null };
        return { ...accepted, callback: granted.callback };
      }
    }
  }
}

function stepName(step: AuthorizationStep): string {
  return step.kind === "tacacs+" || step.kind === "radius" ? `group ${step.group}` : step.kind;
}

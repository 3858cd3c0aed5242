// An IOS method list of servers: the next method is asked only when one cannot answer (an
// error: every server of it timed out or failed), never after a reject. An accept says which
// kind of method gave it (for Acct-Authentic).

import type { AaaAnswer, AaaRequest } from "./radius-client.ts";
import type { AaaClient } from "./responder.ts";

export class MethodChain implements AaaClient {
  constructor(private readonly methods: AaaClient[]) {}

  async authenticate(request: AaaRequest): Promise<AaaAnswer> {
    const reasons: string[] = [];
    for (const method of this.methods) {
      const answer = await method.authenticate(request);
      if (answer.verdict === "accept" && method.authority && !answer.authority) return { ...answer, authority: method.authority };
      if (answer.verdict !== "error") return answer;
      reasons.push(answer.reason);
    }
    return { verdict: "error", reason: reasons.length ? reasons.join("; ") : "no AAA method" };
  }

  close(): void {
    for (const method of this.methods) method.close();
  }
}

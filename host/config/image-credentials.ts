// Image section 15 (layout: boards/image.md): what an async interface answers when the peer
// asks it to authenticate (`ppp chap hostname`, `ppp chap password`, `ppp pap sent-username`).
// Written only when some interface has any of them, so other images stay as they were.

import { ConfigModel, effectiveInterfaces } from "./model.ts";
import { Section, SectionBuilder } from "../image/writer.ts";
import { SectionType } from "../image/image-enums.ts";
import { bytesOf } from "./image-strings.ts";

/** Section 15: `u16 count, u16 reserved`, then per interface `u16 number` and four `u8 length, bytes` strings. */
export function interfaceCredentialsSection(m: ConfigModel): Section[] {
  const withAny = effectiveInterfaces(m).filter(
    ({ iface: i }) => i.chapHostname !== null || i.chapPassword !== null || i.papSentUsername !== null,
  );
  if (!withAny.length) return [];
  const w = new SectionBuilder().u16(withAny.length).u16(0);
  for (const { iface: i, number } of withAny) {
    w.u16(number);
    const fields = [i.chapHostname ?? "", i.chapPassword?.text ?? "", i.papSentUsername ?? "", i.papSentPassword?.text ?? ""];
    for (const text of fields) {
      const b = bytesOf(text, `a credential of Async${number}`);
      w.u8(b.length).raw(b);
    }
  }
  return [w.section(SectionType.InterfaceCredentials)];
}

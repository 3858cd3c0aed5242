// Section 1, System (20 bytes, boards/image.md): the sizes init carves every line's buffers
// and the event ring with.

import { ImageStatus, SectionType, imageSection, imageSectionLength } from "./image";

export const SYSTEM_BYTES: u32 = 20;

const AT_RX_WINDOW: usize = 0;
const AT_TX_RING: usize = 4;
const AT_FRAME_MAX: usize = 8;
const AT_EVENT_SLOTS: usize = 12;
const AT_EVENT_DATA: usize = 16;

function section(): usize {
  return imageSectionLength(SectionType.System) < SYSTEM_BYTES ? 0 : imageSection(SectionType.System);
}

/** Ok, MissingSection (absent or short), or BadValue for sizes no line could run with. */
export function systemCheck(): ImageStatus {
  if (section() == 0) return ImageStatus.MissingSection;
  if (systemRxWindowBytes() == 0 || systemTxRingBytes() < 64 || systemFrameMax() < 64 || systemFrameMax() > 65536 || systemEventSlots() < 4) {
    return ImageStatus.BadValue;
  }
  return ImageStatus.Ok;
}

/** The host's write window per line. */
export function systemRxWindowBytes(): u32 {
  const s = section();
  return s == 0 ? 0 : load<u32>(s, AT_RX_WINDOW);
}

/** The transmit ring per line. */
export function systemTxRingBytes(): u32 {
  const s = section();
  return s == 0 ? 0 : load<u32>(s, AT_TX_RING);
}

/** The largest unescaped frame. */
export function systemFrameMax(): u32 {
  const s = section();
  return s == 0 ? 0 : load<u32>(s, AT_FRAME_MAX);
}

export function systemEventSlots(): u32 {
  const s = section();
  return s == 0 ? 0 : load<u32>(s, AT_EVENT_SLOTS);
}

export function systemEventDataBytes(): u32 {
  const s = section();
  return s == 0 ? 0 : load<u32>(s, AT_EVENT_DATA);
}

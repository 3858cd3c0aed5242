import { imageOpen, imageSection, imageSectionLength, ImageStatus, IMAGE_MAGIC } from "../../../assembly/config/image";
import { fcs32Update, FCS32_INIT } from "../../../assembly/wire/fcs";

// A 24-byte header, one directory entry, one 8-byte section of type 1.
function buildImage(): usize {
  const total: u32 = 24 + 12 + 8;
  const p = heap.alloc(64);
  memory.fill(p, 0, 64);
  store<u32>(p, IMAGE_MAGIC);
  store<u16>(p, 1, 4);
  store<u16>(p, 24, 6);
  store<u32>(p, total, 8);
  store<u16>(p, 1, 16);
  store<u16>(p + 24, 1);
  store<u32>(p + 24, 36, 4);
  store<u32>(p + 24, 8, 8);
  store<u32>(p + 36, 0x11223344);
  sealImage(p, total);
  return p;
}

function sealImage(p: usize, total: u32): void {
  store<u32>(p, ~fcs32Update(FCS32_INIT, p + 16, total - 16), 12);
}

describe("image", () => {
  it("a_good_image_opens_and_its_section_is_found", () => {
    const p = buildImage();
    expect(imageOpen(p, 44)).toBe(ImageStatus.Ok);
    expect(load<u32>(imageSection(1))).toBe(0x11223344);
    expect(imageSectionLength(1)).toBe(8);
    expect(imageSection(2)).toBe(0);
  });

  it("each_kind_of_damage_has_its_status", () => {
    let p = buildImage();
    expect(imageOpen(p, 20)).toBe(ImageStatus.Truncated);
    store<u8>(p, 0);
    expect(imageOpen(p, 44)).toBe(ImageStatus.BadMagic);
    p = buildImage();
    store<u16>(p, 2, 4);
    expect(imageOpen(p, 44)).toBe(ImageStatus.BadVersion);
    p = buildImage();
    store<u8>(p + 40, 1);
    expect(imageOpen(p, 44)).toBe(ImageStatus.BadChecksum);
    p = buildImage();
    expect(imageOpen(p, 43)).toBe(ImageStatus.Truncated);
    p = buildImage();
    store<u32>(p + 24, 40, 8); // section runs past the end
    sealImage(p, 44);
    expect(imageOpen(p, 44)).toBe(ImageStatus.BadSection);
    p = buildImage();
    store<u16>(p, 3000, 16); // directory larger than the image
    sealImage(p, 44);
    expect(imageOpen(p, 44)).toBe(ImageStatus.Truncated);
  });
});

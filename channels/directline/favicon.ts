/**
 * The page's icon, drawn here rather than kept as a binary file: a white house on the
 * page's blue (#1d4f91), 32 by 32, as a Windows icon (one 32-bit BMP image with alpha), which
 * every browser reads at /favicon.ico.
 */
const size = 32;

function pixel(x: number, y: number): [number, number, number, number] {
  const blue: [number, number, number, number] = [0x1d, 0x4f, 0x91, 255];
  const white: [number, number, number, number] = [255, 255, 255, 255];
  const clear: [number, number, number, number] = [0, 0, 0, 0];
  // A rounded square.
  const r = 6;
  const cx = Math.min(Math.max(x, r), size - 1 - r);
  const cy = Math.min(Math.max(y, r), size - 1 - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return clear;
  // The roof: a triangle from (16, 6) down to (5, 16) and (27, 16).
  if (y >= 6 && y <= 16 && Math.abs(x - 15.5) <= (y - 6) * 1.1) return white;
  // The walls, with a door.
  if (y > 16 && y <= 26 && x >= 9 && x <= 22) return y >= 20 && x >= 14 && x <= 17 ? blue : white;
  return blue;
}

export function faviconIco(): Buffer {
  const pixels = Buffer.alloc(size * size * 4);
  // BMP rows go bottom to top, each pixel blue, green, red, alpha.
  for (let row = 0; row < size; row++) {
    const y = size - 1 - row;
    for (let x = 0; x < size; x++) {
      const [red, green, blue, alpha] = pixel(x, y);
      pixels.set([blue, green, red, alpha], (row * size + x) * 4);
    }
  }
  const mask = Buffer.alloc(size * 4); // 1 bit a pixel, rows padded to 32 bits: all "use the alpha".
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // the colour image and the mask, stacked
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(pixels.length + mask.length, 20);
  const image = Buffer.concat([header, pixels, mask]);
  const directory = Buffer.alloc(22);
  directory.writeUInt16LE(0, 0);
  directory.writeUInt16LE(1, 2); // an icon
  directory.writeUInt16LE(1, 4); // one image
  directory.writeUInt8(size, 6);
  directory.writeUInt8(size, 7);
  directory.writeUInt16LE(1, 10);
  directory.writeUInt16LE(32, 12);
  directory.writeUInt32LE(image.length, 14);
  directory.writeUInt32LE(22, 18);
  return Buffer.concat([directory, image]);
}

/**
 * What a file really is, read from its first bytes. A customer's device names the type
 * (and a browser says `application/octet-stream` when it cannot tell), but only the bytes
 * decide what we keep and serve: an "image" that is really an HTML page or an SVG with a
 * script in it is refused, however it was labelled.
 */

import { storableText } from '../storable-text.js';

/** The types we take from customers: photos (phones save HEIC), a PDF, a voice note. */
export const acceptedMediaTypes = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/heic',
  'application/pdf',
  'audio/mp4',
  'audio/mpeg',
  'audio/ogg',
  'audio/webm',
  'audio/wav',
] as const;
export type AcceptedMediaType = (typeof acceptedMediaTypes)[number];

/** For a file picker's `accept` and for error messages: the extensions customers know. */
export const acceptedExtensions = [
  '.jpg',
  '.jpeg',
  '.png',
  '.gif',
  '.webp',
  '.heic',
  '.pdf',
  '.m4a',
  '.mp3',
  '.ogg',
  '.webm',
  '.wav',
] as const;

const heicBrands = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);
const audioMp4Brands = new Set(['M4A ', 'M4B ']);

function ascii(bytes: Uint8Array, from: number, length: number): string {
  return Buffer.from(bytes.subarray(from, from + length)).toString('latin1');
}

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);
}

/**
 * The accepted type these bytes are, or undefined. `declared` is what the device said;
 * it only settles what the bytes cannot: an MP4 or WebM container holds sound or film
 * alike, and is taken as a voice note only when it was sent as audio.
 */
export function sniffMediaType(bytes: Uint8Array, declared?: string): AcceptedMediaType | undefined {
  const saysAudio = (declared ?? '').toLowerCase().startsWith('audio/');
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'image/gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'image/webp';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WAVE') return 'audio/wav';
  if (ascii(bytes, 0, 5) === '%PDF-') return 'application/pdf';
  if (ascii(bytes, 0, 4) === 'OggS') return 'audio/ogg';
  if (ascii(bytes, 0, 3) === 'ID3' || (bytes.length >= 2 && bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0))
    return 'audio/mpeg';
  // ISO base media (HEIC photos, M4A voice notes): a `ftyp` box first, then the major brand.
  if (ascii(bytes, 4, 4) === 'ftyp') {
    const brand = ascii(bytes, 8, 4);
    if (heicBrands.has(brand)) return 'image/heic';
    if (audioMp4Brands.has(brand) || saysAudio) return 'audio/mp4';
    return undefined;
  }
  // Matroska/WebM: Chrome's and Firefox's recorders make voice notes in it.
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3]) && saysAudio) return 'audio/webm';
  return undefined;
}

/** A file name fit to show staff and put in a Content-Disposition header: no paths, no control or quote characters. */
export function safeFileName(name: string | undefined, type: AcceptedMediaType): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // Cut before cleaning, so a cut through an emoji leaves no lone half of it for the database.
  const cleaned = storableText(base.slice(0, 120).replace(/[\u0000-\u001f\u007f"';<>`]/g, '')).trim();
  return cleaned === '' ? `attachment${extensionFor(type)}` : cleaned;
}

export function extensionFor(type: AcceptedMediaType): string {
  const extensions: Record<AcceptedMediaType, string> = {
    'image/jpeg': '.jpg',
    'image/png': '.png',
    'image/gif': '.gif',
    'image/webp': '.webp',
    'image/heic': '.heic',
    'application/pdf': '.pdf',
    'audio/mp4': '.m4a',
    'audio/mpeg': '.mp3',
    'audio/ogg': '.ogg',
    'audio/webm': '.webm',
    'audio/wav': '.wav',
  };
  return extensions[type];
}

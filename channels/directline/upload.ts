import type { Request } from 'express';
import busboy from 'busboy';
import { z } from 'zod';
import { type AcceptedMediaType, acceptedExtensions, safeFileName, sniffMediaType } from '../../src/media/sniff.js';
import { type InboundActivity, InboundActivitySchema } from './activity.js';
import type { DirectLineErrorCode } from './errors.js';

/** What the upload route may take; the defaults are documented in the README. */
export interface UploadLimits {
  /** @defaultValue 10 MiB: a phone's full-size photo, or a scanned letter. */
  maxFileBytes: number;
  /** All files in one upload. @defaultValue 20 MiB */
  maxUploadBytes: number;
  /** @defaultValue 5 */
  maxFiles: number;
  /** The types kept; any other is refused with 415. @defaultValue every type in src/media/sniff.ts */
  acceptedTypes: readonly AcceptedMediaType[];
}

/** The `activity` part carries no file; Web Chat's includes a small thumbnail, which we drop. */
const maxActivityBytes = 256 * 1024;
/** Headers, boundaries and the activity part, on top of the files themselves. */
const multipartOverhead = maxActivityBytes + 64 * 1024;

export interface UploadedFile {
  bytes: Buffer;
  contentType: AcceptedMediaType;
  name: string;
}

export type UploadParse =
  | { ok: true; files: UploadedFile[]; activity: InboundActivity | undefined }
  | { ok: false; status: 400 | 413 | 415; code: DirectLineErrorCode; message: string };

type Refusal = Extract<UploadParse, { ok: false }>;

function tooBig(limits: UploadLimits, what: 'file' | 'upload' | 'files'): Refusal {
  const mb = (bytes: number) => `${Math.floor(bytes / (1024 * 1024))} MB`;
  const message =
    what === 'file'
      ? `each file may be at most ${mb(limits.maxFileBytes)}`
      : what === 'upload'
        ? `one upload may be at most ${mb(limits.maxUploadBytes)} in all`
        : `one upload may carry at most ${limits.maxFiles} files`;
  return { ok: false, status: 413, code: 'MessageSizeTooBig', message };
}

function wrongType(): Refusal {
  return {
    ok: false,
    status: 415,
    code: 'UnsupportedMediaType',
    message: `only photos, PDFs and voice notes are accepted (${acceptedExtensions.join(' ')})`,
  };
}

function badArgument(message: string): Refusal {
  return { ok: false, status: 400, code: 'BadArgument', message };
}

const ContentDispositionName = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i;

function parseActivityPart(raw: Buffer): { ok: true; activity: InboundActivity } | Refusal {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return badArgument('the activity part is not valid JSON');
  }
  const parsed = InboundActivitySchema.safeParse(json);
  if (!parsed.success) return badArgument('the activity part is not a valid activity');
  if (parsed.data.type !== 'message') return badArgument('files can only be sent with a message activity');
  return { ok: true, activity: parsed.data };
}

/** Checks one file against the limits and finds its real type. */
function accept(
  bytes: Buffer,
  declared: string | undefined,
  name: string | undefined,
  limits: UploadLimits,
): { ok: true; file: UploadedFile } | Refusal {
  if (bytes.length === 0) return badArgument('a file is empty');
  const type = sniffMediaType(bytes, declared);
  if (type === undefined || !limits.acceptedTypes.includes(type)) return wrongType();
  return { ok: true, file: { bytes, contentType: type, name: safeFileName(name, type) } };
}

/**
 * Reads `POST /conversations/{id}/upload` as Direct Line defines it: a multipart form whose
 * file parts are the attachments and whose optional `activity` part
 * (`application/vnd.microsoft.activity`) is the message they go with; or one file as the
 * whole body, its type in Content-Type. Nothing past a limit is kept in memory: the first
 * file over a limit ends the reading with 413.
 */
export function readUpload(req: Request, limits: UploadLimits): Promise<UploadParse> {
  const type = (req.get('content-type') ?? '').toLowerCase();
  const declaredLength = Number(req.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declaredLength) && declaredLength > limits.maxUploadBytes + multipartOverhead) {
    return Promise.resolve(tooBig(limits, 'upload'));
  }
  if (type.startsWith('multipart/form-data')) return readMultipart(req, limits);
  if (
    type === '' ||
    type.startsWith('application/json') ||
    type.startsWith('text/') ||
    type.startsWith('application/x-www-form-urlencoded')
  ) {
    return Promise.resolve(wrongType());
  }
  return readSingleFile(req, type.split(';')[0]?.trim(), limits);
}

function readSingleFile(req: Request, declared: string | undefined, limits: UploadLimits): Promise<UploadParse> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: UploadParse) => {
      if (done) return;
      done = true;
      if (!result.ok) req.resume();
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limits.maxFileBytes) return finish(tooBig(limits, 'file'));
      chunks.push(chunk);
    });
    req.on('error', () => finish(badArgument('the upload was cut off')));
    req.on('end', () => {
      const name = ContentDispositionName.exec(req.get('content-disposition') ?? '')?.[1];
      const checked = accept(Buffer.concat(chunks), declared, name, limits);
      finish(checked.ok ? { ok: true, files: [checked.file], activity: undefined } : checked);
    });
  });
}

function readMultipart(req: Request, limits: UploadLimits): Promise<UploadParse> {
  return new Promise((resolve) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        // Browsers send a file's name as UTF-8 (busboy reads it as Latin-1 otherwise: "cafÃ©.jpg").
        defParamCharset: 'utf8',
        limits: {
          fileSize: Math.max(limits.maxFileBytes, maxActivityBytes),
          files: limits.maxFiles + 1,
          fields: 5,
          parts: limits.maxFiles + 6,
          fieldSize: maxActivityBytes,
        },
      });
    } catch {
      resolve(badArgument('the multipart form has no boundary'));
      return;
    }
    const files: UploadedFile[] = [];
    let activity: InboundActivity | undefined;
    let total = 0;
    let refused: Refusal | undefined;
    let settled = false;
    let pendingFiles = 0;
    let parserDone = false;

    const settle = () => {
      if (settled) return;
      if (refused) {
        settled = true;
        // Stop reading; whatever the client still sends is thrown away.
        req.unpipe(parser);
        req.resume();
        resolve(refused);
        return;
      }
      if (!parserDone || pendingFiles > 0) return;
      settled = true;
      if (files.length === 0) resolve(badArgument('the upload has no file'));
      else resolve({ ok: true, files, activity });
    };
    const refuse = (refusal: Refusal) => {
      refused ??= refusal;
      settle();
    };

    parser.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      let size = 0;
      pendingFiles += 1;
      const isActivity = field === 'activity';
      const limit = isActivity ? maxActivityBytes : limits.maxFileBytes;
      stream.on('data', (chunk: Buffer) => {
        if (refused) return;
        size += chunk.length;
        total += chunk.length;
        if (size > limit)
          return refuse(isActivity ? badArgument('the activity part is too large') : tooBig(limits, 'file'));
        if (total > limits.maxUploadBytes + maxActivityBytes) return refuse(tooBig(limits, 'upload'));
        chunks.push(chunk);
      });
      stream.on('limit', () =>
        refuse(isActivity ? badArgument('the activity part is too large') : tooBig(limits, 'file')),
      );
      stream.on('close', () => {
        pendingFiles -= 1;
        if (refused) return settle();
        const bytes = Buffer.concat(chunks);
        if (isActivity) {
          const parsed = parseActivityPart(bytes);
          if (!parsed.ok) return refuse(parsed);
          activity = parsed.activity;
        } else {
          if (files.length >= limits.maxFiles) return refuse(tooBig(limits, 'files'));
          const checked = accept(bytes, info.mimeType, info.filename, limits);
          if (!checked.ok) return refuse(checked);
          files.push(checked.file);
        }
        settle();
      });
    });
    parser.on('field', (field, value, info) => {
      if (field !== 'activity') return;
      if (info.valueTruncated) return refuse(badArgument('the activity part is too large'));
      const parsed = parseActivityPart(Buffer.from(value, 'utf8'));
      if (!parsed.ok) return refuse(parsed);
      activity = parsed.activity;
    });
    parser.on('filesLimit', () => refuse(tooBig(limits, 'files')));
    parser.on('partsLimit', () => refuse(badArgument('the multipart form has too many parts')));
    parser.on('error', () => refuse(badArgument('the multipart form is malformed')));
    parser.on('close', () => {
      parserDone = true;
      settle();
    });
    req.on('error', () => refuse(badArgument('the upload was cut off')));
    req.pipe(parser);
  });
}

/** Direct Line's `userId` query parameter: who is sending (the activity part's `from` is the fallback). */
export const UploadQuerySchema = z.object({ userId: z.string().min(1).max(100) });

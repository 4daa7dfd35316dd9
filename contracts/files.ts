import { z } from 'zod';

// Uploaded files and photos: what the API answers, and what modules put in their records.

/** The only types accepted, recognised by the file's content (never by its name or declared type). */
export const FILE_MIMES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export const IMAGE_MIMES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type FileMime = (typeof FILE_MIMES)[number];

/** Server-made file id (a random uuid). */
export const FileId = z.uuid();

/** One upload, as `POST /api/v1/files` answers it. */
export const StoredFile = z.object({
  id: z.string(),
  name: z.string(),
  mime: z.string(),
  size: z.number(),
  url: z.string(),
  /** A JPEG of at most 320 px on the long side; null for PDFs. */
  thumbnailUrl: z.string().nullable(),
  createdAt: z.string(),
});
export type StoredFile = z.infer<typeof StoredFile>;

/** A file as a record shows it (repairs' photos, …). */
export const FileRef = z.object({
  id: z.string(),
  name: z.string(),
  mime: z.string(),
  size: z.number(),
  url: z.string(),
  thumbnailUrl: z.string().nullable(),
});
export type FileRef = z.infer<typeof FileRef>;

/** A form field holding uploaded files: their ids, in order. */
export const FileIds = (max: number) => z.array(FileId).max(max);

/** `GET /api/v1/files?ids=a,b`: the files of those ids the reader may see (others are left out). */
export const FileInfoQuery = z.object({
  ids: z.string().max(40 * 37).transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)).pipe(z.array(z.string()).max(40)),
});

export const filePaths = {
  url: (id: string) => `/api/v1/files/${id}`,
  thumbnail: (id: string) => `/api/v1/files/${id}/thumbnail`,
};

/** The platform's `files` settings (per school). */
export const FilesSettings = z.object({
  /** Largest upload, in MB. */
  maxUploadMb: z.number().int().min(1).max(50),
});
export type FilesSettings = z.infer<typeof FilesSettings>;
export const FILES_SETTINGS_DEFAULTS: FilesSettings = { maxUploadMb: 10 };

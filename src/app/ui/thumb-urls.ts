/** Object URLs for the thumbnail Blobs of listed records, and their release (shared by list views). */

export type WithThumbUrl<T> = T & { thumbUrl: string | null };

export function withThumbUrls<T extends { thumbnail?: Blob | null | undefined }>(rows: readonly T[]): WithThumbUrl<T>[] {
  return rows.map((r) => ({ ...r, thumbUrl: r.thumbnail ? URL.createObjectURL(r.thumbnail) : null }));
}

export function revokeThumbUrls(rows: readonly { thumbUrl: string | null }[]): void {
  for (const r of rows) if (r.thumbUrl) URL.revokeObjectURL(r.thumbUrl);
}

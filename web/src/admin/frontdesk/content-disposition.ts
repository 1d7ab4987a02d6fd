/** The file name of a Content-Disposition header (`attachment; filename="…"`), or `fallback`. */
export function attachmentName(header: string | null, fallback: string): string {
  const m = header ? /filename="?([^";]+)"?/i.exec(header) : null;
  return m?.[1] ?? fallback;
}

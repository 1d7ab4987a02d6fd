/**
 * "Export CSV": the admin key travels in the Authorization header (auth.ts), which a plain link cannot
 * send, so the export is fetched and handed to the browser as a Blob download under the server's file
 * name (Content-Disposition). A 401 signs out, like every admin call.
 */
import { ApiError } from '../../api/client.ts';
import { currentKey, signOut } from '../auth.ts';
import { attachmentName } from './content-disposition.ts';

export async function downloadCsv(path: string): Promise<void> {
  const key = currentKey();
  const res = await fetch(path, { headers: { accept: 'text/csv', ...(key ? { authorization: `Bearer ${key}` } : {}) } });
  if (!res.ok) {
    const problem = (await res.json().catch(() => ({}))) as { code?: string; detail?: string; title?: string };
    if (res.status === 401) signOut();
    throw new ApiError(res.status, problem.code ?? 'error', problem.detail ?? problem.title ?? `HTTP ${res.status}`);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = attachmentName(res.headers.get('content-disposition'), 'bookings.csv');
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked after the click has started the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

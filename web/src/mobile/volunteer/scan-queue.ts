import { ApiError, client, ok } from '../../api/client';
import type { ScanBody, ScanResult } from '../../api/types';

// Scans made without a connection wait here and are sent when the phone is back online. Each
// carries the clientScanId made when it was scanned, so sending one twice counts once.
const KEY = 'tuanwu.volunteer.scanQueue';

export type QueuedScan = ScanBody & { clientScanId: string; scannedAt: string };

export function queuedScans(): QueuedScan[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(v) ? (v as QueuedScan[]) : [];
  } catch {
    return [];
  }
}

function save(list: QueuedScan[]): void {
  localStorage.setItem(KEY, JSON.stringify(list));
}

export function newScan(token: string, pos: { lat: number; lng: number } | null): QueuedScan {
  return { token: token.trim(), clientScanId: crypto.randomUUID(), scannedAt: new Date().toISOString(), lat: pos?.lat ?? null, lng: pos?.lng ?? null };
}

const post = (scan: QueuedScan): Promise<ScanResult> => ok(client.POST('/api/v1/self/volunteer-scans', { body: scan }));

/** Sends a scan; on a network failure it is queued and null is answered. Rule errors are thrown. */
export async function sendScan(scan: QueuedScan): Promise<ScanResult | null> {
  try {
    return await post(scan);
  } catch (e) {
    if (e instanceof ApiError) throw e;
    save([...queuedScans().filter((q) => q.clientScanId !== scan.clientScanId), scan]);
    return null;
  }
}

/** Retries every queued scan; answers and refusals both leave the queue, network failures stay. */
export async function flushScans(): Promise<{ sent: ScanResult[]; refused: { scan: QueuedScan; error: ApiError }[] }> {
  const sent: ScanResult[] = [];
  const refused: { scan: QueuedScan; error: ApiError }[] = [];
  for (const scan of queuedScans()) {
    try {
      sent.push(await post(scan));
    } catch (e) {
      if (!(e instanceof ApiError) || e.status >= 500 || e.status === 429) continue;
      refused.push({ scan, error: e });
    }
    const done = new Set([...sent.map((s) => s.clientScanId), ...refused.map((r) => r.scan.clientScanId)]);
    save(queuedScans().filter((q) => !done.has(q.clientScanId)));
  }
  return { sent, refused };
}

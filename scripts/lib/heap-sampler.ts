/** Peak JS heap of a Playwright page and its workers, over CDP (`npm run bench`). */
import type { CDPSession, Page } from '@playwright/test';

/**
 * Peak heap of the page and of its workers (each worker has its own heap, so recognition moved
 * into a worker is counted too), sampled over CDP: `Runtime.getHeapUsage` on the page, and on
 * each worker through the page's auto-attached (non-flattened) worker sessions.
 */
export class HeapSampler {
  peakBytes = 0;
  /** The workers' part of the peak. */
  peakWorkerBytes = 0;
  /** Most workers seen at once. */
  peakWorkers = 0;
  private workers = new Set<string>();
  private pending = new Map<number, (usedSize: number) => void>();
  private nextId = 1;
  private timer: NodeJS.Timeout | null = null;

  private constructor(private readonly cdp: CDPSession) {}

  static async attach(page: Page): Promise<HeapSampler> {
    const cdp = await page.context().newCDPSession(page);
    const s = new HeapSampler(cdp);
    cdp.on('Target.attachedToTarget', (e) => e.targetInfo.type === 'worker' && s.workers.add(e.sessionId));
    cdp.on('Target.detachedFromTarget', (e) => e.sessionId && s.workers.delete(e.sessionId));
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      const msg = JSON.parse(e.message) as { id?: number; result?: { usedSize?: number } };
      if (msg.id !== undefined) s.pending.get(msg.id)?.(msg.result?.usedSize ?? 0);
    });
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    return s;
  }

  private workerHeap(sessionId: string): Promise<number> {
    const id = this.nextId++;
    return new Promise<number>((ok) => {
      const timeout = setTimeout(() => ok(0), 1000); // a worker that is going away
      this.pending.set(id, (v) => {
        clearTimeout(timeout);
        this.pending.delete(id);
        ok(v);
      });
      this.cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) }).catch(() => ok(0));
    });
  }

  /** Total used heap now (bytes), page plus workers; keeps the peak. */
  async sample(): Promise<{ page: number; workers: number }> {
    const page = (await this.cdp.send('Runtime.getHeapUsage')).usedSize;
    const workers = (await Promise.all([...this.workers].map((w) => this.workerHeap(w)))).reduce((a, b) => a + b, 0);
    if (page + workers > this.peakBytes) Object.assign(this, { peakBytes: page + workers, peakWorkerBytes: workers });
    this.peakWorkers = Math.max(this.peakWorkers, this.workers.size);
    return { page, workers };
  }

  start(everyMs = 500): void {
    this.timer = setInterval(() => void this.sample().catch(() => undefined), everyMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

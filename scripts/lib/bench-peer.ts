/**
 * The benchmark's peer, @vladmandic/face-api, on its own page (scripts/bench/peer.html, served
 * by `npm run bench` under /__bench/): its page API, opening it, and its live phase.
 */
import type { Page } from '@playwright/test';
import { r1, r2, type BenchLog } from './bench-report.ts';

/** The peer page's API (scripts/bench/peer.js). */
interface PeerApi {
  init(backend?: string): Promise<{ backend: string; version: string; tfjs: string; simd?: boolean; threads?: boolean }>;
  embed(urls: string[]): Promise<Array<{ noFace: boolean; descriptor: number[] }>>;
  enroll(people: Array<{ name: string; url: string }>): Promise<void>;
  live(seconds: number, warmupMs: number): Promise<{ frames: number; windowMs: number; fps: number; facesPerFrame: number; namedPerFrame: number; longTasksMs: number[] }>;
}
declare global {
  interface Window {
    peer: PeerApi;
  }
}

export async function openPeer(page: Page) {
  await page.goto('/__bench/peer.html');
  await page.waitForFunction(() => document.body.dataset['ready'] === 'true');
  return page.evaluate(() => window.peer.init('wasm'));
}

export interface PeerLiveOptions extends BenchLog {
  /** Enrolled from these photos (URLs on the bench's server). */
  people: Array<{ name: string; url: string }>;
  seconds: number;
  warmupMs: number;
}

/** face-api on the camera of `page`'s browser: `people` enrolled, then `seconds` measured after a warm-up. */
export async function peerLive(page: Page, label: string, o: PeerLiveOptions) {
  o.progress(`${label}: loading face-api…`);
  const info = await openPeer(page);
  await page.evaluate((people) => window.peer.enroll(people), o.people);
  o.progress(`${label}: measuring (${o.seconds} s)…`);
  const r = await page.evaluate(([s, w]) => window.peer.live(s, w), [o.seconds, o.warmupMs] as const);
  o.note(`${label}: ${r1(r.fps)} fps, ${r2(r.facesPerFrame)} faces and ${r2(r.namedPerFrame)} named per frame, ${r.longTasksMs.length} long tasks`);
  return { ...r, info };
}

export type PeerPhase = Awaited<ReturnType<typeof peerLive>>;

import { describe, expect, it } from 'vitest';
import { listenToDownloads, meterResponse } from './download-meter';

const file = (bytes: number) => new Response(new Uint8Array(bytes), { headers: { 'content-length': String(bytes) } });
const at = (path: string) => new URL(path, 'https://app.example/');

describe('download meter', () => {
  it('counts the model and runtime files read while someone listens, and leaves the responses whole', async () => {
    const heard: Array<[number, number]> = [];
    const stop = listenToDownloads((loaded, total) => heard.push([loaded, total]));
    const model = meterResponse(at('/models/facemesh/facemesh.bin'), file(300_000));
    const runtime = meterResponse(at('/wasm/tfjs/tfjs-backend-wasm.wasm'), file(120_000));
    const page = meterResponse(at('/assets/index.js'), file(50_000));
    expect((await model.arrayBuffer()).byteLength).toBe(300_000);
    expect((await runtime.arrayBuffer()).byteLength).toBe(120_000);
    expect((await page.arrayBuffer()).byteLength).toBe(50_000);
    await expect.poll(() => heard.at(-1)).toEqual([420_000, 420_000]);
    // Both files counted in the total before their bytes came, and the count never went back.
    expect(heard.some(([loaded, total]) => total === 420_000 && loaded < total)).toBe(true);
    expect(heard.every(([loaded], i) => i === 0 || loaded >= heard[i - 1]![0])).toBe(true);
    stop();
  });

  it('counts nothing without a listener, and starts again from zero for the next one', async () => {
    const unheard = meterResponse(at('/models/x.bin'), file(1000));
    expect(unheard.bodyUsed).toBe(false);
    await unheard.arrayBuffer();
    const heard: Array<[number, number]> = [];
    const stop = listenToDownloads((loaded, total) => heard.push([loaded, total]));
    await meterResponse(at('/models/y.bin'), file(2000)).arrayBuffer();
    await expect.poll(() => heard.at(-1)).toEqual([2000, 2000]);
    stop();
  });

  it('skips a response of unknown length or a failed one', () => {
    const heard: Array<[number, number]> = [];
    const stop = listenToDownloads((loaded, total) => heard.push([loaded, total]));
    meterResponse(at('/models/z.bin'), new Response('abc'));
    meterResponse(at('/models/z.bin'), new Response('missing', { status: 404, headers: { 'content-length': '7' } }));
    expect(heard).toEqual([]);
    stop();
  });
});

/**
 * Prints one JSON line: median ms of a 1:N search (top 2 people) at 1k, 10k and 100k templates,
 * with the quantized search (WebAssembly SIMD), with its plain JavaScript fallback (lanes) and
 * with the full float32 scan, and ms to load 100k templates.
 *   npx tsx scripts/bench-search.ts [--queries N] [--seed S]
 */
import { parseArgs } from 'node:util';
import { benchmarkLoad, benchmarkSearch } from '../test/support/search-bench';

const { values } = parseArgs({ options: { queries: { type: 'string', default: '100' }, seed: { type: 'string', default: '1' } } });
const queries = Number(values.queries);
const seed = Number(values.seed);
const round = (r: Record<string, number>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v.toFixed(3))]));

const search = round(benchmarkSearch(undefined, { queries, seed }));
const lanes = round(benchmarkSearch(undefined, { queries, seed, scan: 'lanes' }));
const exact = round(benchmarkSearch(undefined, { queries, seed, exact: true }));
const load = round(benchmarkLoad(100_000, { seed }));
console.log(JSON.stringify({ runtime: `node ${process.version}`, queries, search, lanes, exact, load100k: load }));

/**
 * PouchDB as sync uses it: pouchdb-core with the http adapter, replication and transform-pouch;
 * the local adapter is registered by the caller (`usePouchAdapter`): pouchdb-adapter-indexeddb in
 * the browser, pouchdb-adapter-memory in Node's tests. The packages ship no types: the interfaces
 * below cover what sync calls, nothing more.
 */
// The modules' declarations must reach every tsconfig that compiles this file (the tests' too).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./pouch-modules.d.ts" />
import PouchCore from 'pouchdb-core';
import httpAdapter from 'pouchdb-adapter-http';
import replication from 'pouchdb-replication';
import transformPouch from 'transform-pouch';

/** A document as PouchDB hands it over: `_`-fields, then the body. */
export interface Doc {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  _conflicts?: string[];
  [field: string]: unknown;
}

export interface WriteResult {
  ok?: boolean;
  id?: string;
  rev?: string;
  error?: string;
  status?: number;
}

export interface AllDocsRow {
  id: string;
  value: { rev: string; deleted?: boolean };
  doc?: Doc | null;
}

export interface Change {
  id: string;
  seq: number | string;
  deleted?: boolean;
  doc?: Doc;
}

export interface Transform {
  /** Before a write (the remote handle: plaintext in, ciphertext out). */
  incoming?: (doc: Doc) => Doc | Promise<Doc>;
  /** After a read (the remote handle: ciphertext in, checked plaintext out). */
  outgoing?: (doc: Doc) => Doc | Promise<Doc>;
}

export interface PouchDb {
  readonly name: string;
  get(id: string, options?: { conflicts?: boolean; rev?: string }): Promise<Doc>;
  put(doc: Doc): Promise<WriteResult>;
  bulkDocs(docs: Doc[]): Promise<WriteResult[]>;
  allDocs(options: { include_docs?: boolean; conflicts?: boolean; startkey?: string; endkey?: string; keys?: string[] }): Promise<{ rows: AllDocsRow[] }>;
  changes(options: { since: number | string; include_docs?: boolean; conflicts?: boolean; limit?: number }): Promise<{ results: Change[]; last_seq: number | string }>;
  info(): Promise<{ db_name: string; doc_count: number; update_seq: number | string }>;
  compact(): Promise<unknown>;
  destroy(): Promise<unknown>;
  close(): Promise<unknown>;
  transform(config: Transform): void;
}

export interface ReplicationResult {
  ok: boolean;
  docs_read: number;
  docs_written: number;
  doc_write_failures: number;
  errors: unknown[];
  status: string;
}

/** Both PouchDB's promise and its event emitter. */
export interface Replication extends PromiseLike<ReplicationResult> {
  on(event: 'change', listener: (info: { docs_read: number; docs_written: number; pending?: number }) => void): Replication;
  on(event: 'error' | 'denied', listener: (err: unknown) => void): Replication;
  cancel(): void;
}

export interface PouchOptions {
  adapter?: string;
  /** Remote only: do not create the database (sync expects the site's database to exist). */
  skip_setup?: boolean;
  auth?: { username: string; password: string };
  /** Local only: drop old revisions' bodies as soon as they are replaced (erasure on the device). */
  auto_compaction?: boolean;
}

interface PouchStatic {
  new (name: string, options?: PouchOptions): PouchDb;
  plugin(plugin: unknown): PouchStatic;
  replicate(source: PouchDb, target: PouchDb, options?: { batch_size?: number; retry?: boolean; live?: boolean }): Replication;
}

// CommonJS builds put the export under `default` when a bundler or Node's interop wraps them.
const unwrap = (m: unknown): unknown => (m && typeof m === 'object' && 'default' in m ? (m as { default: unknown }).default : m);

export const Pouch = unwrap(PouchCore) as PouchStatic;
Pouch.plugin(unwrap(httpAdapter)).plugin(unwrap(replication)).plugin(unwrap(transformPouch));

/** Registers a local adapter plugin (pouchdb-adapter-indexeddb, pouchdb-adapter-memory). */
export function usePouchAdapter(plugin: unknown): void {
  Pouch.plugin(unwrap(plugin));
}

/**
 * A device's local PouchDB (plaintext, beside IndexedDB): auto-compacted, so that a replaced or
 * deleted revision's body (a name, an embedding, a face) does not stay on the device.
 */
export function openLocalPouch(name: string, adapter: 'indexeddb' | 'memory'): PouchDb {
  return new Pouch(name, { adapter, auto_compaction: true });
}

import { describe, expect, it } from 'vitest';
import { databaseProblem, databaseUrl, serverOrigin, serverProblem } from './validate';

describe('the sync connection form', () => {
  it('takes http(s) addresses without credentials, query or fragment', () => {
    expect(serverProblem('https://couch.example.org')).toBeNull();
    expect(serverProblem('http://127.0.0.1:5984/')).toBeNull();
    expect(serverProblem('https://example.org/couch')).toBeNull();
    expect(serverProblem('couch.example.org')).toBe('sync.bad.url');
    expect(serverProblem('ftp://couch.example.org')).toBe('sync.bad.url');
    expect(serverProblem('javascript:alert(1)')).toBe('sync.bad.url');
    expect(serverProblem('https://admin:secret@couch.example.org')).toBe('sync.bad.urlCredentials');
    expect(serverProblem('https://couch.example.org/?x=1')).toBe('sync.bad.urlQuery');
    expect(serverProblem('https://couch.example.org/#db')).toBe('sync.bad.urlQuery');
  });

  it("follows CouchDB's database name rule", () => {
    for (const ok of ['site', 'visage-site', 'a1_$()+-/b', 'a'.repeat(238)]) expect(databaseProblem(ok)).toBeNull();
    for (const bad of ['', 'Site', '1site', '_users', 'site name', 'a'.repeat(239), 'café']) expect(databaseProblem(bad)).toBe('sync.bad.database');
  });

  it('makes the database address and the origin the CSP must allow', () => {
    expect(databaseUrl({ server: 'https://example.org/couch/', database: 'org/site' })).toBe('https://example.org/couch/org%2Fsite');
    expect(serverOrigin('https://example.org:6984/couch')).toBe('https://example.org:6984');
  });
});

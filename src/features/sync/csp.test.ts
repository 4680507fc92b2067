import { describe, expect, it } from 'vitest';
import { cleanOrigin, htmlWithOrigin, policyWithOrigin } from './csp';

const POLICY = "default-src 'self'; connect-src 'self'; img-src 'self' blob:";

describe('the CSP rewrite for the sync server', () => {
  it('adds exactly the one origin to connect-src and nothing else', () => {
    expect(policyWithOrigin(POLICY, 'https://couch.example.org')).toBe("default-src 'self'; connect-src 'self' https://couch.example.org; img-src 'self' blob:");
    expect(policyWithOrigin(POLICY, 'http://127.0.0.1:5984')).toContain("connect-src 'self' http://127.0.0.1:5984;");
  });

  it('refuses anything that is not a bare http(s) origin', () => {
    for (const bad of ['https://a.example/db', "https://a.example; script-src 'unsafe-inline'", 'ftp://a.example', 'https://u:p@a.example', '*', '', 'https://a.example ']) {
      expect(cleanOrigin(bad)).toBeNull();
      expect(policyWithOrigin(POLICY, bad)).toBe(POLICY);
    }
  });

  it('rewrites the meta tag of the page', () => {
    const html = `<head><meta charset="utf-8" />\n<meta http-equiv="Content-Security-Policy" content="${POLICY}" /></head>`;
    const out = htmlWithOrigin(html, 'https://couch.example.org');
    expect(out).toContain("connect-src 'self' https://couch.example.org;");
    expect(out.replace(" https://couch.example.org", '')).toBe(html);
  });
});

import { describe, expect, it } from 'vitest';
import { allowSameOriginFetchOnly } from './same-origin-fetch';

function scope() {
  const sent: string[] = [];
  const s = {
    location: { origin: 'https://app.example', href: 'https://app.example/index.html' },
    fetch: ((input: RequestInfo | URL) => {
      sent.push(String(input));
      return Promise.resolve(new Response('ok'));
    }) as typeof fetch,
  };
  return { s, sent };
}

describe('allowSameOriginFetchOnly', () => {
  it('refuses another origin before any request, lets the app\'s own through', async () => {
    const { s, sent } = scope();
    allowSameOriginFetchOnly(s);
    await expect(s.fetch('https://odml.pa.googleapis.com/v1/log', { method: 'POST' })).rejects.toThrow("Blocked: https://odml.pa.googleapis.com is not the app's origin");
    await expect(s.fetch(new Request('https://odml.pa.googleapis.com/v1/log'))).rejects.toThrow(TypeError);
    await s.fetch('models/x.json');
    expect(sent).toEqual(['models/x.json']);
  });

  it('is installed once per realm however often it is asked', () => {
    const { s } = scope();
    allowSameOriginFetchOnly(s);
    const guarded = s.fetch;
    allowSameOriginFetchOnly(s);
    expect(s.fetch).toBe(guarded);
  });
});

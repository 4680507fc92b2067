/**
 * Nothing leaves the app's origin, in the recognition worker too. The page's Content-Security-
 * Policy (a <meta> tag) does not cover a worker loaded from a URL: its policy would come with its
 * own response headers, which a static host may not send. And MediaPipe's tasks post usage
 * statistics to odml.pa.googleapis.com every minute and when closed (tasks-vision 1.1.0, with
 * fetch). So the worker refuses, itself, every fetch to another origin, as connect-src 'self' does.
 */
export function allowSameOriginFetchOnly(scope: { fetch: typeof fetch; location: { origin: string; href: string } }): void {
  const fetchAnywhere = scope.fetch.bind(scope);
  scope.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), scope.location.href);
    if (url.origin !== scope.location.origin) return Promise.reject(new TypeError(`Blocked: ${url.origin} is not the app's origin`));
    return fetchAnywhere(input, init);
  };
}

/** Hosts of requests, read from URL templates whose origin is written in the code. */

/**
 * Services that fetch or render a page the caller names: a fixed host that goes anywhere. Some of
 * them also answer searches (`api.tavily.com/search`, `api.firecrawl.dev/v1/search`): a search
 * request names a query, not a page, so only their fetching endpoints count.
 */
const FETCH_PROXIES: { host: RegExp; path?: RegExp }[] = [
  { host: /^api\.firecrawl\.dev$/i, path: /^\/(?:v\d+\/)?(?:scrape|crawl|map|extract|batch)/i },
  { host: /^api\.tavily\.com$/i, path: /^\/(?:extract|crawl|map)/i },
  { host: /^r\.jina\.ai$/i },
  { host: /^app\.scrapingbee\.com$/i },
  { host: /^api\.scraperapi\.com$/i },
  { host: /^api\.zenrows\.com$/i },
  { host: /^api\.scrapfly\.io$/i },
  { host: /^(?:[\w-]+\.)?browserless\.io$/i },
  { host: /^api\.apify\.com$/i },
  { host: /^api\.hyperbrowser\.ai$/i },
  { host: /^api\.spider\.cloud$/i },
];

/**
 * True when a URL template with a constant origin names a fetch proxy's fetching endpoint. A path
 * the code builds at run time (`${base}/${endpoint}`) may be any of them.
 */
export function isFetchProxy(urlText: string): boolean {
  const host = fixedHost(urlText);
  if (!host) return false;
  const path = /^https?:\/\/[^/]+(\/[^?#]*)?/i.exec(urlText)?.[1] ?? '/';
  return FETCH_PROXIES.some((p) => p.host.test(host) && (!p.path || p.path.test(path) || /^\/?(?:v\d+\/?)?(?:\$\{|…|$)/.test(path)));
}

/** The host of a URL template whose origin is constant: `https://api.github.com/repos/${…}` → api.github.com. */
export function fixedHost(text: string): string | undefined {
  const match = /^https?:\/\/([^/${}?#\s]+)\//i.exec(text);
  return match && !match[1].includes('…') ? match[1] : undefined;
}

/**
 * Whether a URL template is a path that `new URL(path, base)` resolves on the base's host: a `/`
 * followed by written text. `/${…}` is not: the model may start it with `/` or `\\` and name
 * another host (`//evil.example/x`).
 */
export function isPathOnBase(text: string): boolean {
  return /^\/[^/\\$]/.test(text);
}

/** The WHATWG `URL` class, global or imported from Node's `url` module. */
export function isUrlClass(canonical: string | undefined): boolean {
  return canonical !== undefined && /^(?:global|url|node:url):URL$/.test(canonical);
}

/** Hosts of requests, read from URL templates whose origin is written in the code. */

/** Services that fetch or render a page the caller names: a fixed host that goes anywhere. */
export const FETCH_PROXY_HOSTS = /^(?:api\.firecrawl\.dev|r\.jina\.ai|app\.scrapingbee\.com|api\.scraperapi\.com|api\.zenrows\.com|api\.scrapfly\.io|(?:[\w-]+\.)?browserless\.io|api\.tavily\.com|api\.apify\.com|api\.hyperbrowser\.ai|api\.spider\.cloud)$/i;

/** The host of a URL template whose origin is constant: `https://api.github.com/repos/${…}` → api.github.com. */
export function fixedHost(text: string): string | undefined {
  const match = /^https?:\/\/([^/${}?#\s]+)\//i.exec(text);
  return match && !match[1].includes('…') ? match[1] : undefined;
}

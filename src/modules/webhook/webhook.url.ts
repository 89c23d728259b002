import net from 'node:net';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function privateAddress(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (net.isIPv4(bare)) {
    const [a, b] = bare.split('.').map(Number);
    return (
      a === 10 ||
      a === 127 ||
      a === 0 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (net.isIPv6(bare)) return bare === '::1' || bare === '::' || /^f[cd]/i.test(bare) || /^fe80/i.test(bare);
  return false;
}

/**
 * Why a webhook URL is refused, or undefined when it is fine: HTTPS to a public host; plain HTTP
 * only to localhost, and only outside production. No credentials in the URL, no private
 * addresses given as literals (a first guard against pointing the server at its own network).
 */
export function webhookUrlProblem(raw: string, production: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.username || url.password) return 'must not carry credentials';
  if (url.hash) return 'must not have a fragment';
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol === 'http:') {
    if (production) return 'must use https';
    if (!local) return 'must use https (plain http is allowed only for localhost in development)';
    return undefined;
  }
  if (url.protocol !== 'https:') return 'must use https';
  if (production && (local || privateAddress(url.hostname))) return 'must point to a public host';
  return undefined;
}

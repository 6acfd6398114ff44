// Whether a host name is this machine. Front ends that take options from a remote or
// model-driven caller (serve's bodies, the MCP tools) only accept a base URL here, since the
// provider's key is sent to that URL.
import { isIP } from 'node:net';

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost') || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

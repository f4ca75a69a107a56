import { BlockList, isIP } from 'node:net';
import path from 'node:path';

/**
 * Where a benchmark run may send its load (docs/benchmark-runner.md "Run targets"), and where a
 * dataset may be read from. Pure: the caller resolves host names and real paths.
 *
 * Always denied: link-local addresses (169.254.0.0/16, where cloud metadata services answer, and
 * fe80::/10), the unspecified addresses and the metadata host names. Everything else is allowed
 * unless COMPASS_RUN_TARGETS_ALLOW lists what is: then a target must match an entry.
 */

export interface RunTargetPolicy {
  /** Empty: any host that is not denied. Entries: a host name, `*.suffix`, an IP or a CIDR. */
  allow: readonly string[];
  /** Extra entries refused on top of the built-in ones (same syntax). */
  deny: readonly string[];
}

export const DEFAULT_RUN_TARGET_POLICY: RunTargetPolicy = { allow: [], deny: [] };

const ALWAYS_DENIED_NETS: [string, number, 'ipv4' | 'ipv6'][] = [
  ['169.254.0.0', 16, 'ipv4'],
  ['0.0.0.0', 8, 'ipv4'],
  ['fe80::', 10, 'ipv6'],
  ['::', 128, 'ipv6'],
  ['fd00:ec2::254', 128, 'ipv6'],
];
const ALWAYS_DENIED_HOSTS = ['metadata', 'metadata.google.internal', 'metadata.azure.internal'];

/** Parses a comma-separated list (an environment variable) into trimmed, non-empty entries. */
export function parseTargetList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
}

/** Why an entry of COMPASS_RUN_TARGETS_ALLOW/DENY is malformed, or null. */
export function targetEntryProblem(entry: string): string | null {
  const [address, bits, extra] = entry.split('/');
  if (extra !== undefined) return `"${entry}" has more than one /`;
  if (bits !== undefined) {
    const family = isIP(address ?? '');
    const max = family === 4 ? 32 : family === 6 ? 128 : 0;
    if (max === 0) return `"${entry}": a CIDR needs an IP address before the /`;
    if (!/^\d+$/.test(bits) || Number(bits) > max) return `"${entry}": prefix length must be 0-${max}`;
    return null;
  }
  if (isIP(entry) !== 0) return null;
  return /^(\*\.)?([a-z0-9-]+\.)*[a-z0-9-]+$/.test(entry)
    ? null
    : `"${entry}" is not a host, *.suffix, IP or CIDR`;
}

function unbracket(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** IPv4-mapped IPv6 (::ffff:169.254.169.254) is checked as the IPv4 address it carries. */
function normalizeIp(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped?.[1] ?? ip;
}

function matches(entry: string, host: string, ip: string | null): boolean {
  if (entry.includes('/')) {
    if (ip === null) return false;
    const [address, bits] = entry.split('/') as [string, string];
    const list = new BlockList();
    const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    list.addSubnet(address, Number(bits), family);
    return list.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
  }
  if (entry.startsWith('*.')) return host.endsWith(entry.slice(1));
  if (isIP(entry) !== 0) return ip !== null && normalizeIp(entry) === ip;
  return host === entry;
}

function alwaysDenied(host: string, ip: string | null): boolean {
  if (ALWAYS_DENIED_HOSTS.includes(host)) return true;
  if (ip === null) return false;
  const list = new BlockList();
  for (const [address, bits, family] of ALWAYS_DENIED_NETS) list.addSubnet(address, bits, family);
  return list.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Why a run may not target `hostname` (as in a URL; IPv6 in brackets) reached at `addresses` (what
 * it resolves to; for an IP literal, itself), or null when it may. Every address must pass.
 */
export function runTargetProblem(
  hostname: string,
  addresses: readonly string[],
  policy: RunTargetPolicy,
): string | null {
  const host = unbracket(hostname.toLowerCase()).replace(/\.$/, '');
  const literal = isIP(host) !== 0 ? normalizeIp(host) : null;
  const ips = literal !== null ? [literal] : addresses.map(normalizeIp);
  const candidates: (string | null)[] = ips.length > 0 ? ips : [null];
  for (const ip of candidates) {
    const shown = ip !== null && ip !== host ? `${host} (${ip})` : host;
    if (alwaysDenied(host, ip)) return `${shown} is a link-local or metadata address, never a run target`;
    if (policy.deny.some((entry) => matches(entry, host, ip)))
      return `${shown} is denied by COMPASS_RUN_TARGETS_DENY`;
    if (policy.allow.length > 0 && !policy.allow.some((entry) => matches(entry, host, ip))) {
      return `${shown} is not in COMPASS_RUN_TARGETS_ALLOW`;
    }
  }
  return null;
}

/** Whether `resolved` (a real path: links followed) lies inside `datasetsDir` (also real). */
export function datasetPathInside(datasetsDir: string, resolved: string): boolean {
  const rel = path.relative(datasetsDir, resolved);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

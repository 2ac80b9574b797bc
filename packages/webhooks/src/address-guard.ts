/**
 * Which IP addresses a webhook may be delivered to. A receiver URL is chosen by a customer, so
 * without this check a delivery could reach the cloud metadata service (169.254.169.254), the
 * database on 10.x or an admin port on loopback (server-side request forgery).
 */

/** An IPv4 block as [first address as uint32, prefix length]. */
type V4Block = readonly [number, number];

// RFC 6890 special-purpose blocks plus multicast and reserved (RFC 5771, RFC 1112): nothing in
// them is a receiver on the public internet.
const NON_PUBLIC_V4: readonly V4Block[] = [
  [v4(0, 0, 0, 0), 8], // "this network"
  [v4(10, 0, 0, 0), 8], // RFC 1918
  [v4(100, 64, 0, 0), 10], // carrier-grade NAT, RFC 6598
  [v4(127, 0, 0, 0), 8], // loopback
  [v4(169, 254, 0, 0), 16], // link-local, where cloud metadata services live
  [v4(172, 16, 0, 0), 12], // RFC 1918
  [v4(192, 0, 0, 0), 24], // IETF protocol assignments
  [v4(192, 0, 2, 0), 24], // TEST-NET-1
  [v4(192, 168, 0, 0), 16], // RFC 1918
  [v4(198, 18, 0, 0), 15], // benchmarking, RFC 2544
  [v4(198, 51, 100, 0), 24], // TEST-NET-2
  [v4(203, 0, 113, 0), 24], // TEST-NET-3
  [v4(224, 0, 0, 0), 4], // multicast
  [v4(240, 0, 0, 0), 4], // reserved, including 255.255.255.255 broadcast
];

function v4(a: number, b: number, c: number, d: number): number {
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
}

function inV4Block(address: number, [base, prefix]: V4Block): boolean {
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return (address & mask) >>> 0 === base;
}

function isPublicV4(address: number): boolean {
  return !NON_PUBLIC_V4.some((block) => inV4Block(address, block));
}

/** Dotted-quad IPv4 text as a uint32; leading zeros are refused because some stacks read them as octal. */
function parseIPv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** IPv6 text (RFC 4291 section 2.2, including `::` and a trailing dotted quad) as eight 16-bit groups. */
function parseIPv6(text: string): number[] | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0] ?? "", halves.length === 1);
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? "", true) : [];
  if (head === undefined || tail === undefined) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  // "::" stands for at least one zero group.
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

/** Colon-separated hex groups; only the last group of the address may be a dotted quad. */
function parseGroups(text: string, mayEndInV4: boolean): number[] | undefined {
  if (text === "") return [];
  const parts = text.split(":");
  const groups: number[] = [];
  for (const [index, part] of parts.entries()) {
    if (mayEndInV4 && index === parts.length - 1 && part.includes(".")) {
      const embedded = parseIPv4(part);
      if (embedded === undefined) return undefined;
      groups.push(embedded >>> 16, embedded & 0xffff);
    } else {
      if (!/^[0-9a-fA-F]{1,4}$/.test(part)) return undefined;
      groups.push(Number.parseInt(part, 16));
    }
  }
  return groups;
}

/** The IPv4 address an IPv6 form carries and is routed by, if it is one of those forms. */
function embeddedV4(g: readonly number[]): number | undefined {
  const join = (hi: number, lo: number) => ((hi << 16) | lo) >>> 0;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  // ::ffff:a.b.c.d, IPv4-mapped (RFC 4291 2.5.5.2): the kernel sends these over IPv4.
  if (zeros(0, 5) && g[5] === 0xffff) return join(g[6] ?? 0, g[7] ?? 0);
  // ::a.b.c.d, the deprecated IPv4-compatible form (RFC 4291 2.5.5.1); covers :: and ::1 too.
  if (zeros(0, 6)) return join(g[6] ?? 0, g[7] ?? 0);
  // 64:ff9b::/96, the NAT64 well-known prefix (RFC 6052): the translator forwards to the v4.
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return join(g[6] ?? 0, g[7] ?? 0);
  // 2002::/16, 6to4 (RFC 3056): the relay tunnels to the v4 in bits 16-47.
  if (g[0] === 0x2002) return join(g[1] ?? 0, g[2] ?? 0);
  return undefined;
}

function isPublicV6(g: readonly number[]): boolean {
  const first = g[0] ?? 0;
  const embedded = embeddedV4(g);
  if (embedded !== undefined) return isPublicV4(embedded);
  // Only 2000::/3 is allocated as global unicast (RFC 4291 2.4); everything else (ULA fc00::/7,
  // link-local fe80::/10, multicast ff00::/8, discard 100::/64, local NAT64 64:ff9b:1::/48, ...)
  // is refused by default, so a block this table forgot fails closed.
  if ((first & 0xe000) !== 0x2000) return false;
  // 2001:db8::/32 and 3fff::/20 are documentation prefixes (RFC 3849, RFC 9637).
  if (first === 0x2001 && g[1] === 0x0db8) return false;
  if ((first & 0xfff0) === 0x3ff0) return false;
  return true;
}

/**
 * Whether `ip` (IPv4 or IPv6 text, no brackets) is a public unicast address a webhook may reach.
 * IPv6 forms that embed an IPv4 address are judged by that address; unparsable text is not public.
 */
export function isPublicAddress(ip: string): boolean {
  // A zone id (fe80::1%eth0) only makes sense on link-local addresses, which are never public.
  if (ip.includes("%")) return false;
  const asV4 = parseIPv4(ip);
  if (asV4 !== undefined) return isPublicV4(asV4);
  const asV6 = parseIPv6(ip);
  return asV6 !== undefined && isPublicV6(asV6);
}

import { BlockList } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isPublicAddress } from "./index";

/** The non-public IPv4 blocks, as the issue lists them; BlockList is an independent oracle. */
const PRIVATE_V4: readonly [string, number][] = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
];

/** Non-public IPv6 blocks that do not embed an IPv4 address, as [first group, prefix length]. */
const PRIVATE_V6: readonly [number[], number][] = [
  [[0xfc00], 7],
  [[0xfe80], 10],
  [[0xff00], 8],
  [[0x2001, 0x0db8], 32],
  [[0x0100, 0, 0, 0], 64],
];

const oracle = new BlockList();
for (const [network, prefix] of PRIVATE_V4) oracle.addSubnet(network, prefix, "ipv4");

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const toV4 = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
const hex = (n: number) => n.toString(16);
const hi = (n: number) => hex(n >>> 16);
const lo = (n: number) => hex(n & 0xffff);

/** Random IPv4 inside one CIDR block. */
function v4In([network, prefix]: [string, number]) {
  const base = network.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const size = 2 ** (32 - prefix);
  return fc.integer({ min: 0, max: size - 1 }).map((offset) => toV4(base + offset));
}

/** Random IPv6, fully written out, whose first `prefix` bits equal `groups`. */
function v6In([groups, prefix]: [number[], number]) {
  return fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }).map((r) =>
    r
      .map((random, i) => {
        const fixedBits = Math.min(16, Math.max(0, prefix - 16 * i));
        const mask = fixedBits === 0 ? 0 : (0xffff << (16 - fixedBits)) & 0xffff;
        return hex(((groups[i] ?? 0) & mask) | (random & ~mask & 0xffff));
      })
      .join(":"),
  );
}

/** The IPv6 spellings that carry `n` as their IPv4 address. */
function embeddings(n: number): string[] {
  const v4 = toV4(n);
  return [
    `::ffff:${v4}`,
    `::FFFF:${v4}`,
    `::ffff:${hi(n)}:${lo(n)}`,
    `0:0:0:0:0:ffff:${hi(n)}:${lo(n)}`,
    `64:ff9b::${v4}`,
    `64:ff9b::${hi(n)}:${lo(n)}`,
    `2002:${hi(n)}:${lo(n)}::1`,
    `2002:${hi(n)}:${lo(n)}:abcd:1:2:3:4`,
    `::${v4}`,
  ];
}

describe("isPublicAddress", () => {
  it.each([
    "0.0.0.0",
    "10.0.0.1",
    "100.64.0.1",
    "127.0.0.1",
    "127.255.255.254",
    "169.254.169.254",
    "172.16.0.1",
    "172.31.255.255",
    "192.0.0.8",
    "192.0.2.1",
    "192.168.1.1",
    "198.18.0.1",
    "198.19.255.255",
    "198.51.100.7",
    "203.0.113.9",
    "224.0.0.1",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "fc00::1",
    "fd12:3456:789a::1",
    "fe80::1",
    "fe80::1%eth0",
    "febf::1",
    "ff02::1",
    "2001:db8::1",
    "100::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:169.254.169.254",
    "::ffff:a9fe:a9fe",
    "64:ff9b::10.0.0.1",
    "64:ff9b::a00:1",
    "2002:a00:1::1",
    "2002:7f00:1::",
    "::127.0.0.1",
    "::10.0.0.1",
  ])("refuses %s", (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each([
    "1.1.1.1",
    "8.8.8.8",
    "93.184.216.34",
    "172.15.255.255",
    "172.32.0.0",
    "100.63.255.255",
    "100.128.0.0",
    "198.17.255.255",
    "198.20.0.0",
    "223.255.255.255",
    "2606:4700:4700::1111",
    "2a00:1450:4001:81b::200e",
    "2001:4860:4860::8888",
    "::ffff:8.8.8.8",
    "::ffff:808:808",
    "64:ff9b::1.1.1.1",
    "2002:808:808::1",
  ])("accepts %s", (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });

  it.each([
    "",
    "localhost",
    "example.com",
    "1.2.3",
    "1.2.3.4.5",
    "256.1.1.1",
    "01.2.3.4",
    "1.2.3.04",
    "0x7f.0.0.1",
    "2130706433",
    " 8.8.8.8",
    "8.8.8.8 ",
    "[2606:4700::1]",
    "2606:4700::1::1",
    "2606:4700:4700:0:0:0:0:1111:1",
    "12345::1",
    "g::1",
    ":::",
    "2606:4700:::1",
    ":2606::1",
    "1.1.1.1::",
    "::ffff:1.1.1",
  ])("refuses unparsable %j", (text) => {
    expect(isPublicAddress(text)).toBe(false);
  });

  it("judges every IPv4 address like the issue's table (BlockList as oracle)", () => {
    fc.assert(
      fc.property(u32, (n) => {
        const ip = toV4(n);
        expect(isPublicAddress(ip)).toBe(!oracle.check(ip, "ipv4"));
      }),
      { numRuns: 20_000 },
    );
  });

  it.each(PRIVATE_V4)("refuses any address in %s/%i", (network, prefix) => {
    fc.assert(
      fc.property(v4In([network, prefix]), (ip) => {
        expect(isPublicAddress(ip)).toBe(false);
      }),
    );
  });

  it("accepts any IPv4 address outside every listed block", () => {
    const outside = u32.map(toV4).filter((ip) => !oracle.check(ip, "ipv4"));
    fc.assert(
      fc.property(outside, (ip) => {
        expect(isPublicAddress(ip)).toBe(true);
      }),
    );
  });

  it.each(PRIVATE_V6)("refuses any address in the IPv6 block starting %j/%i", (groups, prefix) => {
    fc.assert(
      fc.property(v6In([groups, prefix]), (ip) => {
        expect(isPublicAddress(ip)).toBe(false);
      }),
    );
  });

  it("judges mapped, NAT64, 6to4 and compatible forms by their embedded IPv4", () => {
    fc.assert(
      fc.property(u32, (n) => {
        const expected = isPublicAddress(toV4(n));
        for (const form of embeddings(n))
          expect([form, isPublicAddress(form)]).toEqual([form, expected]);
      }),
      { numRuns: 5_000 },
    );
  });

  it("never throws, whatever the text", () => {
    const ipish = fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF:.%[]x ") });
    fc.assert(
      fc.property(fc.oneof(fc.string(), ipish), (text) => {
        expect(typeof isPublicAddress(text)).toBe("boolean");
      }),
      { numRuns: 5_000 },
    );
  });
});

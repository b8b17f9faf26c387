#!/usr/bin/env python3
"""Checks that the Node.js peer (bench/node-peer.js) answers every benchmarked endpoint with the right bytes.

    python3 bench/check_node_peer.py [PEER_URL [SERVICE_URL]]

Starts the peer on a free port unless PEER_URL is given. Each input (sizes around the codecs' group
sizes and zlib's buffers, random and text) is uploaded in chunks of odd sizes, so the peer's
carry-over between chunks is exercised, and the answer is compared with Python's own base64, binascii,
zlib, gzip and hashlib (and a bitwise CRC-32C), and, given SERVICE_URL, with the service's answer.
Compressed output is compared after decompression (zlib versions differ in their bytes, not in what
they decode to).
"""
import base64
import gzip
import hashlib
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.parse
import zlib


def _crc32c_table():
    table = []
    for n in range(256):
        for _ in range(8):
            n = (n >> 1) ^ (0x82F63B78 & -(n & 1))
        table.append(n)
    return table


CRC32C_TABLE = _crc32c_table()


def crc32c(data):
    """CRC-32C (Castagnoli), a byte at a time from a table: Python's standard library has none."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc = CRC32C_TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def post(base, path, body, chunk):
    """POSTs body chunked in pieces of `chunk` bytes; returns (status, bytes)."""
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    pieces = [body[i:i + chunk] for i in range(0, len(body), chunk)]
    conn.request("POST", path, body=iter(pieces), encode_chunked=True,
                 headers={"Content-Type": "application/octet-stream", "Transfer-Encoding": "chunked"})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data


def unmime(text):
    return base64.b64decode(b"".join(text.split()))


def cases(data):
    """(endpoint, input, expected output, how to compare)."""
    b64 = base64.b64encode(data)
    mime = base64.encodebytes(data)  # 76-character lines, as the benchmark's data.b64
    yield "slice?offset=1", data, data[1:], None
    yield "slice?offset=7&length=100", data, data[7:107], None
    yield "slice?offset=-10", data, data[-10:] if data else b"", None
    yield "encode/base64", data, b64, None
    yield "encode/base64?padding=false", data, b64.rstrip(b"="), None
    yield "encode/base64url", data, base64.urlsafe_b64encode(data), None
    yield "encode/hex", data, data.hex().encode(), None
    yield "decode/base64", mime, data, None
    yield "decode/hex", data.hex().encode(), data, None
    for level in (1, 6):
        yield f"compress/gzip?level={level}", data, data, gzip.decompress
        yield f"compress/deflate?level={level}", data, data, zlib.decompress
    yield "compress/deflate-raw", data, data, lambda out: zlib.decompress(out, -15)
    yield "decompress/gzip", gzip.compress(data) + gzip.compress(data[:5]), data + data[:5], None
    yield "decompress/deflate", zlib.compress(data), data, None
    for algorithm, value in (("sha-256", hashlib.sha256(data).hexdigest()), ("md5", hashlib.md5(data).hexdigest()),
                             ("crc32", f"{zlib.crc32(data):08x}"), ("crc32c", f"{crc32c(data):08x}")):
        yield f"digest?algorithm={algorithm}", data, {"bytes": len(data), "digests": {algorithm: value}}, json.loads
    yield ("pipeline?step=decompress:gzip&step=slice:offset=1000&step=encode:base64", gzip.compress(data),
           base64.b64encode(data[1000:]), None)
    yield "pipeline?step=encode:base64&step=decode:base64", data, data, None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    peer = sys.argv[1] if len(sys.argv) > 1 else None
    service = sys.argv[2] if len(sys.argv) > 2 else None
    process = None
    if peer is None:
        port = free_port()
        process = subprocess.Popen(["node", os.path.join(os.path.dirname(__file__), "node-peer.js"), str(port)],
                                   stdout=subprocess.DEVNULL)
        peer = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
    rng = random.Random(4648)
    words = b"the of and to a in is it you that he was for on are with as his they be at one have this ".split()
    inputs = []
    for size in (0, 1, 2, 3, 4, 5, 57, 58, 1000, 65535, 65537, 200003):
        inputs.append(bytes(rng.getrandbits(8) for _ in range(size)))
        inputs.append(b" ".join(rng.choice(words) for _ in range(size // 3 + 1))[:size])
    checked = failed = 0
    try:
        for data in inputs:
            for endpoint, body, expected, compare in cases(data):
                for chunk in (1, 7, 4096, 65536):
                    if chunk < 7 and len(body) > 5000:
                        continue
                    status, out = post(peer, "/v1/" + endpoint, body, chunk)
                    got = compare(out) if compare and status == 200 else out
                    checked += 1
                    if status != 200 or got != expected:
                        failed += 1
                        print(f"FAIL peer {endpoint}: {len(data)} bytes in chunks of {chunk}: status {status}")
                if service:
                    status, out = post(service, "/v1/" + endpoint, body, 65536)
                    got = compare(out) if compare and status == 200 else out
                    checked += 1
                    if status != 200 or got != expected:
                        failed += 1
                        print(f"FAIL service {endpoint}: {len(data)} bytes: status {status}")
    finally:
        if process:
            process.terminate()
    print(f"{checked} answers checked, {failed} wrong")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

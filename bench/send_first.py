#!/usr/bin/env python3
"""A client that sends the whole body before it reads the answer, as Python's requests/http.client,
HttpURLConnection and most generated clients do.

Usage: send_first.py URL FILE [--wait SECONDS]: uploads FILE, optionally waits before reading, reads the
whole answer; prints seconds, bytes received and the answer's SHA-256; fails on anything but a
complete 200."""
import hashlib
import http.client
import os
import sys
import time
import urllib.parse

url, path = urllib.parse.urlsplit(sys.argv[1]), sys.argv[2]
wait = float(sys.argv[4]) if len(sys.argv) > 4 and sys.argv[3] == "--wait" else 0.0
start = time.monotonic()
connection = http.client.HTTPConnection(url.hostname, url.port, timeout=300)
target = url.path + ("?" + url.query if url.query else "")
with open(path, "rb") as body:
    connection.request("POST", target, body=body, headers={
        "Content-Type": "application/octet-stream", "Content-Length": str(os.path.getsize(path))})
time.sleep(wait)
response = connection.getresponse()
received, digest = 0, hashlib.sha256()
while chunk := response.read(1 << 20):
    received += len(chunk)
    digest.update(chunk)
if response.status != 200:
    sys.exit(f"status {response.status}")
print(f"{time.monotonic() - start:.3f} {received} {digest.hexdigest()}")

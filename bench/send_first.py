#!/usr/bin/env python3
"""A client that sends the whole body before it reads the answer, as Python's requests/http.client,
HttpURLConnection and most generated clients do. Usage: send_first.py URL FILE; prints seconds and
bytes received, fails on anything but a complete 200."""
import http.client
import os
import sys
import time
import urllib.parse

url, path = urllib.parse.urlsplit(sys.argv[1]), sys.argv[2]
start = time.monotonic()
connection = http.client.HTTPConnection(url.hostname, url.port, timeout=300)
target = url.path + ("?" + url.query if url.query else "")
with open(path, "rb") as body:
    connection.request("POST", target, body=body, headers={
        "Content-Type": "application/octet-stream", "Content-Length": str(os.path.getsize(path))})
response = connection.getresponse()
received = 0
while chunk := response.read(1 << 20):
    received += len(chunk)
if response.status != 200:
    sys.exit(f"status {response.status}")
print(f"{time.monotonic() - start:.3f} {received}")

"""RFC 9530 digest fields checked with Python's hashlib, independently of the service's Java.

Usage: python3 digest_fields.py PORT. Sends a body with a Content-Digest made by hashlib (the service
must accept it) and a wrong one (422 digest-mismatch), and asks for the response's digest with
Want-Repr-Digest, once small (a header) and once large (a chunked trailer, read off a raw socket since
http.client drops trailers). The structured fields are parsed by hand: the one-member Dictionary
"alg=:base64:" that RFC 9530 §2 specifies. Prints one line per check; exits 1 on the first failure.
"""
import base64
import hashlib
import http.client
import json
import os
import re
import socket
import sys

PORT = int(sys.argv[1])
MEMBER = re.compile(r'^\s*([a-z*][a-z0-9_\-.*]*)=:([A-Za-z0-9+/=]*):\s*$')


def field(alg, data):
    return f"{alg}=:{base64.b64encode(hashlib.new(alg.replace('-', ''), data).digest()).decode()}:"


def parse(value):
    """The dictionary members of a digest field, by hand: comma-separated alg=:base64: pairs."""
    members = {}
    for member in value.split(","):
        match = MEMBER.match(member)
        if not match:
            raise AssertionError(f"not an alg=:base64: member: {member!r}")
        members[match.group(1)] = base64.b64decode(match.group(2), validate=True)
    return members


def check(name, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + name + (f": {detail}" if detail and not ok else ""))
    if not ok:
        sys.exit(1)


def post(path, body, headers):
    connection = http.client.HTTPConnection("localhost", PORT, timeout=30)
    connection.request("POST", path, body=body, headers={"Content-Type": "application/octet-stream", **headers})
    response = connection.getresponse()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()


def post_raw_chunked(path, body, headers):
    """Status, headers, body and trailers of a chunked response, read off a socket."""
    with socket.create_connection(("localhost", PORT), timeout=30) as s:
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        s.sendall((f"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: {len(body)}\r\n"
                   f"Connection: close\r\n{head}\r\n").encode() + body)
        stream = s.makefile("rb")
        status = int(stream.readline().split()[1])
        fields = {}
        for line in iter(stream.readline, b"\r\n"):
            name, _, value = line.decode().partition(":")
            fields[name.strip().lower()] = value.strip()
        data = bytearray()
        while True:
            size = int(stream.readline().strip(), 16)
            if size == 0:
                break
            data += stream.read(size)
            stream.readline()
        trailers = {}
        for line in iter(stream.readline, b"\r\n"):
            name, _, value = line.decode().partition(":")
            trailers[name.strip().lower()] = value.strip()
        return status, fields, bytes(data), trailers


body = os.urandom(1000)
status, fields, out = post("/v1/encode/hex", body, {"Content-Digest": field("sha-256", body) + ", " + field("sha-512", body),
                                                    "Want-Repr-Digest": "sha-512=9, sha-256=2"})
check("a Content-Digest made by hashlib is accepted", status == 200 and out == body.hex().encode(), status)
check("Repr-Digest is a header for a small output", "repr-digest" in fields, fields)
check("Repr-Digest is hashlib's sha-512 of the output",
      parse(fields["repr-digest"]) == {"sha-512": hashlib.sha512(out).digest()}, fields.get("repr-digest"))

status, fields, out = post("/v1/encode/hex", body, {"Content-Digest": field("sha-256", body[:-1])})
problem = json.loads(out)
check("a wrong Content-Digest is a 422 digest-mismatch", status == 422
      and problem["type"] == "urn:transform-api:problem:digest-mismatch", out)

big = os.urandom(300_000)
status, fields, out, trailers = post_raw_chunked("/v1/encode/base64", big, {"Want-Content-Digest": "sha-256=1",
                                                                             "Content-Digest": field("sha-256", big)})
check("a large output streams", status == 200 and fields.get("transfer-encoding") == "chunked", fields)
check("the Trailer header names Content-Digest", fields.get("trailer", "").lower() == "content-digest", fields)
check("Content-Digest arrives as a trailer", "content-digest" in trailers and "content-digest" not in fields, trailers)
check("the trailer is hashlib's sha-256 of the output",
      out == base64.b64encode(big) and parse(trailers["content-digest"]) == {"sha-256": hashlib.sha256(out).digest()},
      trailers)

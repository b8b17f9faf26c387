"""Drives every operation of the Python client generated from openapi/openapi.yaml (openapi-generator
"python", package transform_client) against a running service and checks each answer against the
standard library (base64, binascii, gzip, zlib, hashlib), problem responses included.

Usage: python client.py http://localhost:PORT   (src/test/sh/python-client.sh runs it in `./mvnw verify`)

PYTHON_CLIENT_BIG_MIB (default 64; 0 leaves it out) sizes one body sent through encode/hex. The
generated client, like urllib3 under it, sends the whole body before it reads a byte of the answer;
the answer is then read as a stream (the *_without_preload_content variant) and hashed as it comes.
"""
import base64
import binascii
import gzip
import hashlib
import json
import os
import random
import sys
import time
import zlib

from transform_client import (ApiClient, ApiException, CatalogueApi, CodecApi, CompressionApi, Configuration,
                              DigestApi, DigestResult, PipelineApi, Problem, SliceApi)
from transform_client.exceptions import BadRequestException, UnprocessableEntityException

DATA = random.Random(7).randbytes(100_003)
TEXT_TIMEOUT = 60.0
results = {"passed": 0, "failed": 0}


def check(name, ok, detail=None):
    print(f"{'ok  ' if ok else 'FAIL'} {name}{'' if ok else ' ' + repr(detail)[:300]}", flush=True)
    results["passed" if ok else "failed"] += 1


def attempt(name, call):
    """Runs one check; an exception (a transport error, an unexpected problem) fails it, not the run."""
    try:
        call()
    except Exception as error:  # noqa: BLE001 - every failure is reported the same way
        check(name, False, f"{type(error).__name__}: {error}")


def problem_of(expected_class, call):
    """The problem a call must fail with: the generated exception, its Problem model and its raw JSON."""
    try:
        call()
    except expected_class as error:
        return error.status, error.data, json.loads(error.body)
    raise AssertionError(f"no {expected_class.__name__}")


def crc32c(data):
    """Bitwise CRC-32C (Castagnoli, reflected 0x82F63B78): the standard library has none."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def lines(text, width):
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


client = ApiClient(Configuration(host=sys.argv[1]))
slicer, codec, compression = SliceApi(client), CodecApi(client), CompressionApi(client)
digests, pipeline, catalogue = DigestApi(client), PipelineApi(client), CatalogueApi(client)
t = {"_request_timeout": TEXT_TIMEOUT}


def slice_ranges():
    check("slice offset=10 length=1000", slicer.slice(DATA, offset=10, length=1000, **t) == DATA[10:1010])
    check("slice offset=-5 (tail)", slicer.slice(DATA, offset=-5, **t) == DATA[-5:])
    check("slice offset past the end", slicer.slice(DATA, offset=len(DATA) + 1, **t) == b"")


def encode_all():
    b64url = codec.encode("base64url", DATA, padding=False, **t)
    check("encode base64url padding=false", b64url == base64.urlsafe_b64encode(DATA).rstrip(b"=").decode())
    check("encode base64 lineLength=76",
          codec.encode("base64", DATA, line_length=76, **t) == lines(base64.b64encode(DATA).decode(), 76))
    check("encode base32", codec.encode("base32", DATA, **t) == base64.b32encode(DATA).decode())
    check("encode hex case=upper", codec.encode("hex", DATA, case="upper", **t) == binascii.hexlify(DATA).decode().upper())


def decode_all():
    check("decode base64url unpadded",
          codec.decode("base64url", base64.urlsafe_b64encode(DATA).rstrip(b"="), **t) == DATA)
    check("decode base64 with line breaks",
          codec.decode("base64", lines(base64.b64encode(DATA).decode(), 64).encode(), **t) == DATA)
    check("decode base32", codec.decode("base32", base64.b32encode(DATA), **t) == DATA)
    check("decode hex upper case", codec.decode("hex", binascii.hexlify(DATA).upper(), ignore_whitespace=False, **t) == DATA)


def compress_all():
    check("compress gzip level=9", gzip.decompress(compression.compress("gzip", DATA, level=9, **t)) == DATA)
    check("compress deflate (zlib)", zlib.decompress(compression.compress("deflate", DATA, **t)) == DATA)
    raw = compression.compress("deflate-raw", DATA, level=1, **t)
    check("compress deflate-raw level=1", zlib.decompress(raw, wbits=-15) == DATA)


def decompress_all():
    members = gzip.compress(DATA[:50_000]) + gzip.compress(DATA[50_000:])
    check("decompress gzip (two members)", compression.decompress("gzip", members, **t) == DATA)
    check("decompress deflate (zlib)", compression.decompress("deflate", zlib.compress(DATA, 9), **t) == DATA)
    deflater = zlib.compressobj(6, zlib.DEFLATED, -15)
    raw = deflater.compress(DATA) + deflater.flush()
    check("decompress deflate-raw", compression.decompress("deflate-raw", raw, **t) == DATA)


def digest_all():
    result = digests.digest(DATA, algorithm=["sha-256", "md5", "sha-1", "sha-512", "sha3-256", "crc32"], **t)
    check("digest model", isinstance(result, DigestResult) and result.bytes == len(DATA), result)
    expected = {"sha-256": hashlib.sha256(DATA).hexdigest(), "md5": hashlib.md5(DATA).hexdigest(),
                "sha-1": hashlib.sha1(DATA).hexdigest(), "sha-512": hashlib.sha512(DATA).hexdigest(),
                "sha3-256": hashlib.sha3_256(DATA).hexdigest(), "crc32": f"{zlib.crc32(DATA):08x}"}
    check("digest hex values", result.digests == expected, (result.digests, expected))
    b64 = digests.digest(DATA, algorithm=["sha-384"], encoding="base64", **t)
    check("digest sha-384 base64", b64.digests == {"sha-384": base64.b64encode(hashlib.sha384(DATA).digest()).decode()})
    check("crc32c oracle (check value of 123456789)", crc32c(b"123456789") == 0xE3069283)
    crc = digests.digest(DATA[:4096], algorithm=["crc32c"], **t)
    check("digest crc32c", crc.digests == {"crc32c": f"{crc32c(DATA[:4096]):08x}"}, crc.digests)
    default = digests.digest(b"abc", **t)
    check("digest default sha-256 (FIPS 180 'abc')",
          default.digests == {"sha-256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}, default)


def pipelines():
    out = pipeline.run_pipeline(["decompress:gzip", "slice:offset=0,length=1024", "encode:hex,case=upper"],
                                gzip.compress(DATA), **t)
    check("pipeline gunzip | slice | hex", out == binascii.hexlify(DATA[:1024]).upper(), out[:64])
    digest_json = json.loads(pipeline.run_pipeline(["decode:base64", "digest:sha-256,encoding=base64"],
                                                   base64.b64encode(DATA), **t))
    check("pipeline decode | digest", digest_json == {"bytes": len(DATA), "digests": {
        "sha-256": base64.b64encode(hashlib.sha256(DATA).digest()).decode()}}, digest_json)


def stages():
    names = [stage.name for stage in catalogue.list_stages(**t).stages]
    check("list stages", names == ["slice", "encode", "decode", "compress", "decompress", "digest"], names)


def problems():
    status, model, raw = problem_of(UnprocessableEntityException, lambda: codec.decode("base64", b"QUJD*", **t))
    check("422 as the Problem model", status == 422 and isinstance(model, Problem) and model.status == 422
          and model.offset == 4 and model.type == "urn:transform-api:problem:invalid-input" and bool(model.detail), model)
    check("422 problem JSON", raw == model.model_dump(by_alias=True, exclude_none=True), raw)
    status, model, raw = problem_of(BadRequestException,
                                    lambda: pipeline.run_pipeline(["digest", "encode:hex"], b"abc", **t))
    check("400 as the Problem model (digest not last)", status == 400 and isinstance(model, Problem)
          and model.status == 400 and model.step == 0 and model.type == "urn:transform-api:problem:bad-request", model)
    status, model, raw = problem_of(BadRequestException, lambda: codec.encode("base65", b"abc", **t))
    check("400 problem JSON (unknown encoding)", status == 400 and raw["status"] == 400 and "base65" in raw["detail"], raw)
    status, model, raw = problem_of(ApiException, lambda: compression.decompress(
        "gzip", gzip.compress(b"hello"), max_output_bytes=3, **t))
    check("413 as the Problem model (maxOutputBytes)", status == 413 and isinstance(model, Problem)
          and model.type == "urn:transform-api:problem:limit-exceeded", model)


def digest_fields():
    """RFC 9530 through the client: Content-Digest and Want-Repr-Digest are keyword arguments, the answer's digest a header."""
    body = DATA[:1000]
    sent = "sha-256=:" + base64.b64encode(hashlib.sha256(body).digest()).decode() + ":"
    answer = codec.encode_with_http_info("hex", body, content_digest=sent, want_repr_digest="sha-512=1", **t)
    check("Content-Digest accepted, Repr-Digest read from the headers", answer.status_code == 200
          and answer.data == body.hex() and answer.headers["Repr-Digest"] == "sha-512=:" + base64.b64encode(
              hashlib.sha512(answer.data.encode()).digest()).decode() + ":", answer.headers)
    status, model, raw = problem_of(UnprocessableEntityException,
                                    lambda: codec.encode("hex", body[:-1], content_digest=sent, **t))
    check("a Content-Digest mismatch is a 422 digest-mismatch", status == 422
          and model.type == "urn:transform-api:problem:digest-mismatch", model)


def big_hex(mib):
    """mib MiB through encode/hex: the generated client sends it all, then the answer is streamed into sha-256."""
    body = random.Random(11).randbytes(mib << 20)
    expected = hashlib.sha256()
    for start in range(0, len(body), 1 << 20):
        expected.update(binascii.hexlify(body[start:start + (1 << 20)]))
    actual, received, started = hashlib.sha256(), 0, time.monotonic()
    name = f"{mib} MiB through encode/hex (sent whole, then read)"
    try:
        response = codec.encode_without_preload_content("hex", body, _request_timeout=300.0)
        if response.status != 200:
            check(name, False, (response.status, response.read()[:300]))
            return
        for chunk in response.stream(1 << 16):
            actual.update(chunk)
            received += len(chunk)
        response.release_conn()
    except Exception as error:  # noqa: BLE001 - a cut answer is the failure this case exists to catch
        check(name, False, f"{type(error).__name__} after {time.monotonic() - started:.1f} s, "
                           f"{received} of {2 * len(body)} bytes: {error}")
        return
    seconds = time.monotonic() - started
    check(f"{name}, {seconds:.1f} s", received == 2 * len(body) and actual.digest() == expected.digest(),
          (received, actual.hexdigest(), expected.hexdigest()))


for case in (slice_ranges, encode_all, decode_all, compress_all, decompress_all, digest_all, pipelines, stages,
             problems, digest_fields):
    attempt(case.__name__, case)
big = int(os.environ.get("PYTHON_CLIENT_BIG_MIB", "64"))
if big > 0:
    big_hex(big)
print(f"{results['passed']} passed, {results['failed']} failed")
sys.exit(0 if results["failed"] == 0 else 1)

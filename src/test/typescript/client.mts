// Exercises a TypeScript client generated from openapi/openapi.yaml (openapi-typescript types +
// openapi-fetch) against a running service: binary in, text, JSON and binary out, a pipeline, and a
// problem-details error. Usage: node client.mjs http://localhost:PORT
import createClient from "openapi-fetch";
import type { paths } from "./api.js";
import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";

const client = createClient<paths>({ baseUrl: process.argv[2] });
const raw = { bodySerializer: (body: unknown) => body as BodyInit, headers: { "Content-Type": "application/octet-stream" } };
const bytes = (text: string) => new TextEncoder().encode(text) as unknown as string;
let failures = 0;
let passes = 0;
function check(name: string, ok: boolean, detail?: unknown) {
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${ok ? "" : " " + JSON.stringify(detail)}`);
  if (ok) passes++; else failures++;
}

const encoded = await client.POST("/v1/encode/{encoding}", {
  params: { path: { encoding: "base64" }, query: { padding: true } }, body: bytes("hello"), parseAs: "text", ...raw });
check("encode base64", encoded.data === Buffer.from("hello").toString("base64"), encoded.data);

const digest = await client.POST("/v1/digest", {
  params: { query: { algorithm: ["sha-256", "crc32"] } }, body: bytes("abc"), ...raw });
check("digest sha-256", digest.data?.digests["sha-256"] === createHash("sha256").update("abc").digest("hex"), digest.data);
check("digest bytes", digest.data?.bytes === 3, digest.data);

const gzip = await client.POST("/v1/compress/{format}", {
  params: { path: { format: "gzip" }, query: { level: 9 } }, body: bytes("streamed bytes"), parseAs: "arrayBuffer", ...raw });
check("compress gzip", gunzipSync(Buffer.from(gzip.data as ArrayBuffer)).toString() === "streamed bytes");

const piped = await client.POST("/v1/pipeline", {
  params: { query: { step: ["slice:offset=0,length=4", "encode:hex,case=upper"] } }, body: bytes("hello"), parseAs: "text", ...raw });
check("pipeline", piped.data === "68656C6C", piped.data);

const bad = await client.POST("/v1/decode/{encoding}", {
  params: { path: { encoding: "base64" } }, body: bytes("QUJD*"), parseAs: "text", ...raw });
const error: unknown = bad.error;
const problem = typeof error === "string" ? JSON.parse(error) : (error as { status: number; offset: number });
check("problem details", bad.response.status === 422 && problem.status === 422 && problem.offset === 4, problem);

// RFC 9530: the request fields are typed header parameters; the answer's digest is a response header.
const sha256 = (text: string) => createHash("sha256").update(text).digest("base64");
const wanted = await client.POST("/v1/encode/{encoding}", {
  params: { path: { encoding: "hex" }, header: { "Content-Digest": `sha-256=:${sha256("hello")}:`, "Want-Repr-Digest": "sha-256=1" } },
  body: bytes("hello"), parseAs: "text", ...raw });
check("Content-Digest sent, Repr-Digest read", wanted.data === "68656c6c6f"
  && wanted.response.headers.get("Repr-Digest") === `sha-256=:${sha256("68656c6c6f")}:`, wanted.response.headers.get("Repr-Digest"));

const stages = await client.GET("/v1/stages");
check("stages", stages.data?.stages?.length === 6, stages.data);

console.log(`${passes} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);

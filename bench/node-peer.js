'use strict';
// The Node.js peer of the service for bench/http.sh: the endpoints and query parameters the benchmark
// uses, written the way a Node developer would write a streaming transform server with no npm
// packages: node:http, stream.pipeline, Buffer's own codecs (toString('base64'|'hex') per aligned
// chunk, carrying the unaligned rest), zlib streams and crypto hashes.
//   node bench/node-peer.js [port]          # default 18081, or $PORT
// Endpoints: POST /v1/slice?offset&length, /v1/encode/{base64,base64url,hex}?padding,
// /v1/decode/{base64,base64url,hex}, /v1/compress/{gzip,deflate,deflate-raw}?level,
// /v1/decompress/{gzip,deflate,deflate-raw}, /v1/digest?algorithm (repeatable: md5, sha-1, sha-256,
// sha-384, sha-512, sha3-256, crc32, crc32c)&encoding, /v1/pipeline?step=... (the service's step syntax).
// It validates parameters but, like most Node code, not encoded input (Buffer's decoders skip what
// is not base64 or hex), where the service rejects bad input with a 422 and its offset. A bad
// parameter is a 400 problem; a failure while streaming (corrupt gzip) cuts the response, as
// stream.pipeline destroys every stream in it, the response included.
const http = require('node:http');
const { pipeline, Transform } = require('node:stream');
const zlib = require('node:zlib');
const crypto = require('node:crypto');

class BadRequest extends Error {}

// ---- slice ----
function slice(offset, length) {
  if (offset < 0) {
    return tail(-offset, length);
  }
  let skip = offset;
  let left = length === undefined ? Infinity : length;
  return new Transform({
    transform(chunk, _encoding, done) {
      if (skip >= chunk.length) {
        skip -= chunk.length;
        return done();
      }
      const part = chunk.subarray(skip, skip + Math.min(left, chunk.length - skip));
      skip = 0;
      left -= part.length;
      done(null, part.length ? part : undefined);
    },
  });
}

// A negative offset keeps the last -offset bytes, then slices them at the end.
function tail(window, length) {
  let kept = [];
  let size = 0;
  return new Transform({
    transform(chunk, _encoding, done) {
      kept.push(chunk);
      size += chunk.length;
      while (size - kept[0].length >= window) {
        size -= kept.shift().length;
      }
      done();
    },
    flush(done) {
      const all = Buffer.concat(kept, size);
      const from = Math.max(0, all.length - window);
      done(null, all.subarray(from, length === undefined ? all.length : Math.min(all.length, from + length)));
    },
  });
}

// ---- encode, decode ----
// Buffer's encoders work on whole groups (3 bytes for base64); the rest of a chunk waits for the next.
function encode(encoding, padding) {
  const group = encoding === 'hex' ? 1 : 3;
  let carry = Buffer.alloc(0);
  // Only the last group can need padding: Buffer pads base64 and never base64url.
  const text = (bytes) => {
    const s = bytes.toString(encoding);
    if (encoding === 'hex') return s;
    return padding ? s.padEnd(Math.ceil(s.length / 4) * 4, '=') : s.replace(/=+$/, '');
  };
  return new Transform({
    transform(chunk, _encoding, done) {
      let head = '';
      if (carry.length) {
        const need = Math.min(group - carry.length, chunk.length);
        const first = Buffer.concat([carry, chunk.subarray(0, need)]);
        chunk = chunk.subarray(need);
        if (first.length < group) {
          carry = first;
          return done();
        }
        head = text(first);
      }
      const aligned = chunk.length - (chunk.length % group);
      carry = Buffer.from(chunk.subarray(aligned));
      const out = head + text(chunk.subarray(0, aligned));
      done(null, out.length ? out : undefined);
    },
    flush(done) {
      done(null, carry.length ? text(carry) : undefined);
    },
  });
}

// The text is read as latin1, whitespace dropped, and decoded in whole groups (4 characters, 2 for hex).
function decode(encoding) {
  const group = encoding === 'hex' ? 2 : 4;
  let carry = '';
  return new Transform({
    transform(chunk, _encoding, done) {
      const text = carry + chunk.toString('latin1').replace(/[\r\n\t ]+/g, '');
      const aligned = text.length - (text.length % group);
      carry = text.slice(aligned);
      done(null, aligned ? Buffer.from(text.slice(0, aligned), encoding) : undefined);
    },
    flush(done) {
      done(null, carry.length ? Buffer.from(carry, encoding) : undefined);
    },
  });
}

// ---- compress, decompress ----
const COMPRESSORS = { gzip: zlib.createGzip, deflate: zlib.createDeflate, 'deflate-raw': zlib.createDeflateRaw };
const DECOMPRESSORS = { gzip: zlib.createGunzip, deflate: zlib.createInflate, 'deflate-raw': zlib.createInflateRaw };

// ---- digest ----
// CRC-32C has no Node built-in (npm's fast ones are native addons): table-driven, slicing by 8.
const CRC32C = (() => {
  const tables = Array.from({ length: 8 }, () => new Int32Array(256));
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    tables[0][n] = c;
  }
  for (let n = 0; n < 256; n++) {
    for (let t = 1; t < 8; t++) tables[t][n] = (tables[t - 1][n] >>> 8) ^ tables[0][tables[t - 1][n] & 0xff];
  }
  return tables;
})();

function crc32c(bytes, crc) {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = CRC32C;
  let c = ~crc;
  let i = 0;
  for (const end8 = bytes.length - 7; i < end8; i += 8) {
    const a = c ^ (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24));
    c = t7[a & 0xff] ^ t6[(a >>> 8) & 0xff] ^ t5[(a >>> 16) & 0xff] ^ t4[a >>> 24]
      ^ t3[bytes[i + 4]] ^ t2[bytes[i + 5]] ^ t1[bytes[i + 6]] ^ t0[bytes[i + 7]];
  }
  for (; i < bytes.length; i++) c = t0[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

function checksum(update) {
  let value = 0;
  return {
    update(bytes) {
      value = update(bytes, value);
    },
    digest() {
      const out = Buffer.alloc(4);
      out.writeUInt32BE(value >>> 0);
      return out;
    },
  };
}

const HASHES = {
  md5: () => crypto.createHash('md5'),
  'sha-1': () => crypto.createHash('sha1'),
  'sha-256': () => crypto.createHash('sha256'),
  'sha-384': () => crypto.createHash('sha384'),
  'sha-512': () => crypto.createHash('sha512'),
  'sha3-256': () => crypto.createHash('sha3-256'),
  crc32: () => checksum((bytes, value) => zlib.crc32(bytes, value)),
  crc32c: () => checksum(crc32c),
};

function digest(algorithms, encoding) {
  const hashes = algorithms.map((name) => HASHES[name]());
  let bytes = 0;
  return new Transform({
    transform(chunk, _encoding, done) {
      bytes += chunk.length;
      for (const hash of hashes) hash.update(chunk);
      done();
    },
    flush(done) {
      const digests = algorithms.map((name, i) => `"${name}":"${hashes[i].digest().toString(encoding)}"`);
      done(null, `{"bytes":${bytes},"digests":{${digests.join(',')}}}`);
    },
  });
}

// ---- parameters: each stage from its choice and parameters, as the service names them ----
const TEXT = 'text/plain; charset=US-ASCII';

function integer(value, name, min, max) {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new BadRequest(`bad ${name}: ${value}`);
  return Number(value);
}

function flag(value, name, fallback) {
  if (value === undefined) return fallback;
  if (value !== 'true' && value !== 'false') throw new BadRequest(`bad ${name}: ${value}`);
  return value === 'true';
}

function oneOf(value, name, choices) {
  if (!choices.includes(value)) throw new BadRequest(`bad ${name}: ${value}; one of ${choices.join(', ')}`);
  return value;
}

// stage name, its choice (or undefined), its parameters (name -> array of values) -> [transform, media type]
function build(name, choice, params) {
  const one = (key) => params[key] && params[key][params[key].length - 1];
  const known = { slice: ['offset', 'length'], encode: ['padding'], decode: [], compress: ['level'], decompress: [],
    digest: ['algorithm', 'encoding'] }[name];
  if (!known) throw new BadRequest(`unknown stage ${name}`);
  for (const key of Object.keys(params)) if (!known.includes(key)) throw new BadRequest(`unknown parameter ${key}`);
  const ENCODINGS = ['base64', 'base64url', 'hex'];
  const FORMATS = Object.keys(COMPRESSORS);
  switch (name) {
    case 'slice':
      return [slice(integer(one('offset'), 'offset', -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) || 0,
        integer(one('length'), 'length', 0, Number.MAX_SAFE_INTEGER)), 'application/octet-stream'];
    case 'encode':
      return [encode(oneOf(choice, 'encoding', ENCODINGS), flag(one('padding'), 'padding', true)), TEXT];
    case 'decode':
      return [decode(oneOf(choice, 'encoding', ENCODINGS)), 'application/octet-stream'];
    case 'compress': {
      const level = integer(one('level'), 'level', 0, 9);
      return [COMPRESSORS[oneOf(choice, 'format', FORMATS)]({ level: level === undefined ? 6 : level }),
        choice === 'gzip' ? 'application/gzip' : 'application/octet-stream'];
    }
    case 'decompress':
      return [DECOMPRESSORS[oneOf(choice, 'format', FORMATS)](), 'application/octet-stream'];
    default: {
      const algorithms = [...(choice ? [choice] : []), ...(params.algorithm || [])];
      if (!algorithms.length) algorithms.push('sha-256');
      algorithms.forEach((a) => oneOf(a, 'algorithm', Object.keys(HASHES)));
      return [digest(algorithms, oneOf(one('encoding') || 'hex', 'encoding', ['hex', 'base64'])), 'application/json'];
    }
  }
}

// step = stage [":" arg *("," arg)], arg = value / key "=" value
function step(text) {
  const colon = text.indexOf(':');
  const name = colon < 0 ? text : text.slice(0, colon);
  let choice;
  const params = {};
  if (colon >= 0) {
    for (const arg of text.slice(colon + 1).split(',')) {
      const eq = arg.indexOf('=');
      if (eq < 0 && choice === undefined) choice = arg;
      else if (eq < 0) throw new BadRequest(`a second positional argument in ${text}`);
      else (params[arg.slice(0, eq)] ||= []).push(arg.slice(eq + 1));
    }
  }
  return build(name, choice, params);
}

function plan(url) {
  const params = {};
  for (const [key, value] of url.searchParams) (params[key] ||= []).push(value);
  const [, , name, choice, extra] = url.pathname.split('/');
  if (extra !== undefined) throw new BadRequest(`no such endpoint ${url.pathname}`);
  if (name === 'pipeline') {
    const steps = (params.step || []).map(step);
    if (!steps.length) throw new BadRequest("a pipeline needs at least one 'step' parameter");
    return [steps.map(([transform]) => transform), steps[steps.length - 1][1]];
  }
  const [transform, type] = build(name, name === 'slice' || name === 'digest' ? undefined : choice, params);
  return [[transform], type];
}

function problem(res, status, detail) {
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ title: http.STATUS_CODES[status], status, detail }));
}

const server = http.createServer((req, res) => {
  let transforms;
  let type;
  try {
    if (req.method !== 'POST') throw new BadRequest('every transform is a POST');
    [transforms, type] = plan(new URL(req.url, 'http://peer'));
  } catch (e) {
    req.resume();
    return problem(res, e instanceof BadRequest ? 400 : 500, e.message);
  }
  res.setHeader('content-type', type);
  pipeline(req, ...transforms, res, (error) => {
    if (error && error.code !== 'ERR_STREAM_PREMATURE_CLOSE') console.error(`${req.url}: ${error.message}`);
  });
});

const port = Number(process.argv[2] || process.env.PORT || 18081);
server.listen(port, () => console.log(`node peer listening on ${port}`));

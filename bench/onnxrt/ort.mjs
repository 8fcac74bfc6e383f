// ort.mjs times models in ONNX Runtime (onnxruntime-node, CPU, one thread)
// for go run ./bench/onnxrt. It reads one JSON request per line on stdin,
//
//   {"model": PATH, "feeds": [[{"name", "type": "float32", "dims", "data"}, ...], ...], "warmup": N, "seconds": S}
//
// runs the warm-up calls, then times each call on its own for S seconds
// (at least 20 calls), cycling through the feeds, and answers with one
// JSON line holding the outputs of each feed:
//
//   {"times_ns": [...], "outputs": [[{"name", "type", "dims", "data"}, ...], ...], "version": V}
//
// or {"error": MESSAGE}. Sessions are kept across requests, so interleaved
// rounds do not pay for loading again.
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';

const ort = createRequire(import.meta.url)('onnxruntime-node');

const options = {
  executionProviders: ['cpu'],
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
  executionMode: 'sequential',
};

const sessions = new Map();

async function session(path) {
  if (!sessions.has(path)) {
    sessions.set(path, await ort.InferenceSession.create(path, options));
  }
  return sessions.get(path);
}

// plain turns an output tensor into JSON: BigInt64 labels become numbers.
function plain(name, t) {
  return { name, type: t.type, dims: t.dims, data: Array.from(t.data, (v) => (typeof v === 'bigint' ? Number(v) : v)) };
}

function tensors(feed) {
  const t = {};
  for (const x of feed) {
    if (x.type !== 'float32') {
      throw new Error(`input ${x.name}: type ${x.type}, only float32 is supported`);
    }
    t[x.name] = new ort.Tensor('float32', Float32Array.from(x.data), x.dims);
  }
  return t;
}

async function serve(req) {
  const s = await session(req.model);
  const feeds = req.feeds.map(tensors);
  for (let i = 0; i < req.warmup; i++) {
    await s.run(feeds[i % feeds.length]);
  }
  const times = [];
  const end = process.hrtime.bigint() + BigInt(Math.round(req.seconds * 1e9));
  for (let i = 0; ; i++) {
    const t0 = process.hrtime.bigint();
    if (times.length >= 20 && t0 > end) {
      break;
    }
    await s.run(feeds[i % feeds.length]);
    times.push(Number(process.hrtime.bigint() - t0));
  }
  const outputs = [];
  for (const feed of feeds) {
    const out = await s.run(feed);
    outputs.push(s.outputNames.map((name) => plain(name, out[name])));
  }
  return { times_ns: times, outputs, version: ort.env.versions.common };
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  let reply;
  try {
    reply = await serve(JSON.parse(line));
  } catch (e) {
    reply = { error: String(e && e.message ? e.message : e) };
  }
  process.stdout.write(JSON.stringify(reply) + '\n');
}

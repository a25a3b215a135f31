// Exclusive prefix sum in one workgroup of 256 invocations: each sums a contiguous chunk, the
// 256 partial sums are scanned in workgroup memory (Hillis–Steele), then each writes its chunk's
// offsets. output has length+1 entries; output[length] is the total. One workgroup keeps it
// simple and deterministic; the inputs here (bitmap words, per-row counts of one mini-batch) are
// at most a few hundred thousand entries.
//   MODE 0: input values as they are (per-row sample counts → block CSR indptr).
//   MODE 1: popcount of bitmap words (new nodes per word → their positions); also appends the
//           hop's size: hopOffsets[hop+2] = hopOffsets[hop+1] + total.
struct Params { length: u32, hop: u32, pad0: u32, pad1: u32 }

@group(0) @binding(0) var<storage, read> input: array<u32>;
@group(0) @binding(1) var<storage, read_write> output: array<u32>;
@group(0) @binding(2) var<storage, read_write> hopOffsets: array<u32>;
@group(0) @binding(3) var<uniform> params: Params;

override MODE: u32 = 0u;
const WG = 256u;
var<workgroup> partial: array<u32, 256>;

fn value(i: u32) -> u32 {
  if (MODE == 1u) { return countOneBits(input[i]); }
  return input[i];
}

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_id) lid: vec3u) {
  let n = params.length;
  let chunk = (n + WG - 1u) / WG;
  let begin = min(lid.x * chunk, n);
  let end = min(begin + chunk, n);
  var sum = 0u;
  for (var i = begin; i < end; i++) { sum += value(i); }
  partial[lid.x] = sum;
  workgroupBarrier();
  for (var off = 1u; off < WG; off = off << 1u) {
    var add = 0u;
    if (lid.x >= off) { add = partial[lid.x - off]; }
    workgroupBarrier();
    partial[lid.x] += add;
    workgroupBarrier();
  }
  var run = 0u;
  if (lid.x > 0u) { run = partial[lid.x - 1u]; }
  for (var i = begin; i < end; i++) {
    output[i] = run;
    run += value(i);
  }
  if (lid.x == WG - 1u) {
    output[n] = partial[WG - 1u];
    if (MODE == 1u) { hopOffsets[params.hop + 2u] = hopOffsets[params.hop + 1u] + partial[WG - 1u]; }
  }
}

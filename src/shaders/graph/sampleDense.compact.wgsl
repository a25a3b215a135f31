// DENSE sampling, dedup step 2: one invocation per bitmap word writes the new nodes of its word,
// in increasing id order, after the previous hops (positions from the word-offset scan). So each
// hop's delta is sorted by node id and the whole batch layout is deterministic. The new bits
// move into `seen` and `fresh` is cleared for the next hop.
struct Params { numWords: u32, hop: u32, pad0: u32, pad1: u32 }

@group(0) @binding(0) var<storage, read> wordOffsets: array<u32>;
@group(0) @binding(1) var<storage, read_write> fresh: array<u32>;
@group(0) @binding(2) var<storage, read_write> seen: array<u32>;
@group(0) @binding(3) var<storage, read_write> nodeIds: array<i32>;
@group(0) @binding(4) var<storage, read_write> localIndex: array<i32>;
@group(0) @binding(5) var<storage, read> hopOffsets: array<u32>;
@group(0) @binding(6) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let w = gid.x + gid.y * nwg.x * 64u;
  if (w >= params.numWords) { return; }
  var bits = fresh[w];
  if (bits == 0u) { return; }
  var pos = hopOffsets[params.hop + 1u] + wordOffsets[w];
  seen[w] = seen[w] | bits;
  fresh[w] = 0u;
  while (bits != 0u) {
    let b = firstTrailingBit(bits);
    let id = w * 32u + b;
    nodeIds[pos] = i32(id);
    localIndex[id] = i32(pos);
    pos++;
    bits = bits & (bits - 1u);
  }
}

// Radix select, one round: a 256-bin histogram of digit `round` (8 bits, most significant first)
// of the keys whose higher digits equal the prefix found so far. The key of element i is
// MODE 0 (top-k): the bits of |x[i]| (for non-negative floats, u32 order = value order);
// MODE 1 (rand-k): a PCG hash of (seed, i), so the k largest keys are k distinct random positions.
// Each workgroup counts ITEMS · 256 consecutive elements into workgroup memory, then adds its
// non-zero bins to the global histogram (integer atomics: exact in any order).
struct Params { n: u32, k: u32, seed: u32, pad0: u32 }

override MODE: u32 = 0u;
const ITEMS: u32 = 16u;

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> state: array<u32>;
@group(0) @binding(2) var<storage, read_write> hist: array<atomic<u32>>;
@group(0) @binding(3) var<uniform> params: Params;

var<workgroup> local: array<atomic<u32>, 256>;

fn key_of(i: u32) -> u32 {
  if (MODE == 1u) { return pcg_hash(pcg_hash(params.seed) ^ i); }
  return bitcast<u32>(x[i]) & 0x7fffffffu;
}

@compute @workgroup_size(256)
fn main(
  @builtin(local_invocation_index) lid: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
) {
  atomicStore(&local[lid], 0u);
  workgroupBarrier();
  let round = state[2];
  let shift = 24u - 8u * round;
  // Bits above the current digit; shifting a u32 by 32 is not allowed, hence the select.
  let high = select(0xffffffffu << (shift + 8u), 0u, round == 0u);
  let prefix = state[0];
  let block = wid.x + wid.y * nwg.x;
  let base = block * 256u * ITEMS;
  for (var j = 0u; j < ITEMS; j++) {
    let i = base + j * 256u + lid;
    if (i < params.n) {
      let key = key_of(i);
      if ((key & high) == prefix) {
        atomicAdd(&local[(key >> shift) & 0xffu], 1u);
      }
    }
  }
  workgroupBarrier();
  let count = atomicLoad(&local[lid]);
  if (count > 0u) {
    atomicAdd(&hist[lid], count);
  }
}

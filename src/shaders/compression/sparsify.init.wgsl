// Radix select, step 0: state = {prefix 0, remaining k, round 0, k} and a zeroed histogram.
// One invocation per histogram bin (256); bin 0 also writes the state.
// state layout (u32): [0] prefix of the threshold key found so far, [1] how many elements are
// still to be taken among those matching the prefix, [2] the round (digit) next to histogram,
// [3] k.
struct Params { n: u32, k: u32, seed: u32, pad0: u32 }

@group(0) @binding(0) var<storage, read_write> state: array<u32>;
@group(0) @binding(1) var<storage, read_write> hist: array<u32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) lid: u32) {
  hist[lid] = 0u;
  if (lid == 0u) {
    state[0] = 0u;
    state[1] = params.k;
    state[2] = 0u;
    state[3] = params.k;
  }
}

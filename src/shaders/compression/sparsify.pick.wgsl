// Radix select, after each histogram round (one workgroup of 256): walks the bins from the top,
// finds the bin that holds the remaining-th largest key, fixes that digit of the threshold, keeps
// in `remaining` how many elements of that bin are still to be taken, zeroes the histogram for
// the next round and advances the round. The walk is a sequential loop by invocation 0 over 256
// bins (cheap next to the histogram passes); the other invocations only zero bins afterwards.
@group(0) @binding(0) var<storage, read_write> state: array<u32>;
@group(0) @binding(1) var<storage, read_write> hist: array<u32>;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) lid: u32) {
  if (lid == 0u) {
    let round = state[2];
    let shift = 24u - 8u * round;
    var remaining = state[1];
    var bin = 255u;
    loop {
      let c = hist[bin];
      if (c >= remaining || bin == 0u) { break; }
      remaining = remaining - c;
      bin = bin - 1u;
    }
    state[0] = state[0] | (bin << shift);
    state[1] = remaining;
    state[2] = round + 1u;
  }
  // Every invocation's zeroing must come after invocation 0's reads of the histogram.
  storageBarrier();
  hist[lid] = 0u;
}

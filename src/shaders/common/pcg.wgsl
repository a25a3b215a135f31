// Stateless PCG hash shared with the CPU (src/data/pcg32.ts: pcgHash, hashFloat, hashUniform).
// Concatenate this file in front of a shader; it declares no bindings and no entry point.
// WGSL has no 64-bit integers, so GPU randomness uses this 32-bit hash rather than PCG32.
// u32 arithmetic wraps mod 2^32 in WGSL, matching Math.imul(...) >>> 0 on the CPU.

// PCG RXS-M-XS 32-bit hash (Jarzynski & Olano 2020, "Hash Functions for GPU Rendering").
fn pcg_hash(x: u32) -> u32 {
  let state = x * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}

// Uniform [0, 1) from the top 24 bits: an integer below 2^24 times 2^-24 is exact in f32,
// so this is bit-identical to the CPU's hashFloat.
fn hash_float(seed: u32, index: u32) -> f32 {
  return f32(pcg_hash(pcg_hash(seed) ^ index) >> 8u) * (1.0 / 16777216.0);
}

// lo + (hi - lo) * u in f32. A compiler may fuse this into an FMA, so it can differ from the
// CPU's hashUniform by 1 ulp of the result (up to 2 ulps of max(|lo|, |hi|) under cancellation).
fn hash_uniform(seed: u32, index: u32, lo: f32, hi: f32) -> f32 {
  return lo + (hi - lo) * hash_float(seed, index);
}

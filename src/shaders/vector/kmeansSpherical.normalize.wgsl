// Rescales each row of m [k, d] to unit L2 norm in place (spherical k-means' centroid step).
// One invocation per row: k is the number of centroids (hundreds), so rows are few and short;
// the sum is taken in index order so results do not depend on the device. Zero rows stay zero.

struct Dims { k: u32, d: u32 }

@group(0) @binding(0) var<storage, read_write> m: array<f32>;
@group(0) @binding(1) var<uniform> dims: Dims;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let r = gid.x;
  if (r >= dims.k) { return; }
  let base = r * dims.d;
  var s = 0.0;
  for (var t = 0u; t < dims.d; t++) { s = fma(m[base + t], m[base + t], s); }
  if (s > 0.0) {
    let inv = 1.0 / sqrt(s);
    for (var t = 0u; t < dims.d; t++) { m[base + t] = m[base + t] * inv; }
  }
}

// Compaction, step 2 (one workgroup of 256): exclusive prefix sums over the blocks of the
// (above, equal) counts, in block order, 256 blocks at a time (Hillis–Steele scan in workgroup
// memory, then a running carry). offsets[2b] = keys above τ before block b, offsets[2b + 1] =
// keys equal to τ before block b.
struct Params { blocks: u32, pad0: u32, pad1: u32, pad2: u32 }

@group(0) @binding(0) var<storage, read> counts: array<u32>;
@group(0) @binding(1) var<storage, read_write> offsets: array<u32>;
@group(0) @binding(2) var<uniform> params: Params;

var<workgroup> buf: array<vec2u, 256>;
var<workgroup> carry: vec2u;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) lid: u32) {
  if (lid == 0u) { carry = vec2u(0u); }
  for (var base = 0u; base < params.blocks; base += 256u) {
    let b = base + lid;
    var own = vec2u(0u);
    if (b < params.blocks) { own = vec2u(counts[2u * b], counts[2u * b + 1u]); }
    buf[lid] = own;
    workgroupBarrier();
    for (var d = 1u; d < 256u; d = d * 2u) {
      var add = vec2u(0u);
      if (lid >= d) { add = buf[lid - d]; }
      workgroupBarrier();
      buf[lid] = buf[lid] + add;
      workgroupBarrier();
    }
    let exclusive = carry + buf[lid] - own;
    if (b < params.blocks) {
      offsets[2u * b] = exclusive.x;
      offsets[2u * b + 1u] = exclusive.y;
    }
    workgroupBarrier();
    if (lid == 255u) { carry = carry + buf[255]; }
    workgroupBarrier();
  }
}

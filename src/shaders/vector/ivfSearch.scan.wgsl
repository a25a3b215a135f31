// IVF list scan (common/topkSelect.wgsl is put in front by the host). One 64-thread workgroup per query:
// for each of the query's first `nprobe` probed lists (probes [q, probeStride], ascending by
// centroid distance, -1 = no list), the threads stride through the list's members, compute the
// distance to the query (held in workgroup memory) and offer (distance, vector id) to the shared
// top-k. Lists are a CSR layout built on the GPU by ivfSegments: members of list c are
// order[offsets[c] .. offsets[c+1]), each a row of x (the resident vector set), so inserts and
// deletes only rebuild the small order/offsets arrays, never move vectors. Every query of a batch
// runs in one dispatch and writes ids/dists [q, k]; nothing is read back per query.

override METRIC: u32 = 0u;
const MAX_DIM = 1024u;

struct Params { queries: u32, d: u32, k: u32, nprobe: u32, probeStride: u32, pad0: u32, pad1: u32, pad2: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> order: array<i32>;
@group(0) @binding(2) var<storage, read> offsets: array<u32>;
@group(0) @binding(3) var<storage, read> probes: array<i32>;
@group(0) @binding(4) var<storage, read> queries: array<f32>;
@group(0) @binding(5) var<storage, read_write> outIds: array<i32>;
@group(0) @binding(6) var<storage, read_write> outDist: array<f32>;
@group(0) @binding(7) var<uniform> params: Params;

var<workgroup> query: array<f32, MAX_DIM>;

fn distance_to(row: u32) -> f32 {
  var acc = 0.0;
  let base = row * params.d;
  for (var t = 0u; t < params.d; t++) {
    let v = x[base + t];
    if (METRIC == 0u) {
      let diff = query[t] - v;
      acc = fma(diff, diff, acc);
    } else {
      acc = fma(query[t], v, acc);
    }
  }
  return select(-acc, acc, METRIC == 0u);
}

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let q = wid.x + wid.y * nwg.x;
  if (q >= params.queries) { return; }
  let k = params.k;
  for (var t = lid; t < params.d; t += TK_WG) { query[t] = queries[q * params.d + t]; }
  tk_init(lid);
  for (var p = 0u; p < params.nprobe; p++) {
    let list = probes[q * params.probeStride + p];
    if (list < 0) { continue; }
    let start = offsets[u32(list)];
    let end = offsets[u32(list) + 1u];
    for (var base = start; base < end; base += TK_WG) {
      let slot = base + lid;
      if (slot < end) {
        let id = order[slot];
        tk_offer(distance_to(u32(id)), u32(id));
      }
      tk_end_round(lid, k);
    }
  }
  tk_finish(lid, k);
  for (var s = lid; s < k; s += TK_WG) {
    outIds[q * k + s] = bitcast<i32>(tkId[s]);
    outDist[q * k + s] = tkDist[s];
  }
}

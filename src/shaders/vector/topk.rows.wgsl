// Per-row top-k of a distance block D [rows, n] (common/topkSelect.wgsl is put in front by the host): one
// 64-thread workgroup per row streams the row in rounds of 64 columns. Used for exact k-NN
// (queries × base) and for picking the nprobe nearest centroids of each query. Column index =
// candidate id. Output row r goes to rowOffset + r of ids/dists [*, k].

struct Params { rows: u32, n: u32, k: u32, rowOffset: u32 }

@group(0) @binding(0) var<storage, read> dist: array<f32>;
@group(0) @binding(1) var<storage, read_write> outIds: array<i32>;
@group(0) @binding(2) var<storage, read_write> outDist: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= params.rows) { return; }
  let k = params.k;
  tk_init(lid);
  for (var base = 0u; base < params.n; base += TK_WG) {
    let j = base + lid;
    if (j < params.n) { tk_offer(dist[row * params.n + j], j); }
    tk_end_round(lid, k);
  }
  tk_finish(lid, k);
  let out = (params.rowOffset + row) * k;
  for (var s = lid; s < k; s += TK_WG) {
    outIds[out + s] = bitcast<i32>(tkId[s]);
    outDist[out + s] = tkDist[s];
  }
}

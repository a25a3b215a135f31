// Builds ONNX models of one node (MatMul, com.microsoft MultiHeadAttention, ...) with float32
// graph inputs and outputs of fixed shapes, so ONNX Runtime Web can run exactly the operation a
// benchmark case measures. Field numbers are those of onnx.proto (ModelProto, GraphProto,
// NodeProto, ValueInfoProto, TypeProto.Tensor, TensorShapeProto, AttributeProto,
// OperatorSetIdProto); the tests decode our bytes and check each one.
import { ProtoWriter } from './protobuf';

/** ModelProto field numbers. */
export const MODEL = { irVersion: 1, producerName: 2, producerVersion: 3, graph: 7, opsetImport: 8 } as const;
/** GraphProto field numbers. */
export const GRAPH = { node: 1, name: 2, input: 11, output: 12 } as const;
/** NodeProto field numbers. */
export const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5, domain: 7 } as const;
/** AttributeProto field numbers and the AttributeType values we use. */
export const ATTRIBUTE = { name: 1, f: 2, i: 3, type: 20, FLOAT: 1, INT: 2 } as const;
/** ValueInfoProto / TypeProto / TypeProto.Tensor / TensorShapeProto(.Dimension) field numbers. */
export const VALUE_INFO = { name: 1, type: 2 } as const;
export const TYPE = { tensorType: 1 } as const;
export const TENSOR_TYPE = { elemType: 1, shape: 2 } as const;
export const SHAPE = { dim: 1 } as const;
export const DIMENSION = { dimValue: 1 } as const;
/** OperatorSetIdProto field numbers. */
export const OPSET = { domain: 1, version: 2 } as const;
/** TensorProto.DataType values. */
export const DATA_TYPE = { FLOAT: 1, INT32: 6, INT64: 7 } as const;

/** IR version 8 (ONNX 1.10+): accepted by every ONNX Runtime release since 1.10. */
export const IR_VERSION = 8;

export interface TensorSpec {
  name: string;
  dims: number[];
  /** TensorProto.DataType; default FLOAT. */
  dataType?: number;
}

export type AttributeValue = { int: number } | { float: number };

export interface SingleNodeModel {
  opType: string;
  /** '' (default ONNX domain) or e.g. 'com.microsoft'. */
  domain?: string;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  attributes?: Record<string, AttributeValue>;
  /** Operator sets to import, e.g. { '': 17, 'com.microsoft': 1 }. */
  opsets: Record<string, number>;
}

function writeValueInfo(w: ProtoWriter, t: TensorSpec): void {
  for (const d of t.dims) {
    if (!Number.isInteger(d) || d < 1)
      throw new RangeError(`tensor ${t.name}: dimension ${d} must be a positive integer`);
  }
  w.string(VALUE_INFO.name, t.name);
  w.message(VALUE_INFO.type, (type) =>
    type.message(TYPE.tensorType, (tensor) => {
      tensor.int(TENSOR_TYPE.elemType, t.dataType ?? DATA_TYPE.FLOAT);
      tensor.message(TENSOR_TYPE.shape, (shape) => {
        for (const d of t.dims) shape.message(SHAPE.dim, (dim) => dim.int(DIMENSION.dimValue, d));
      });
    }),
  );
}

function writeAttribute(w: ProtoWriter, name: string, value: AttributeValue): void {
  w.string(ATTRIBUTE.name, name);
  if ('int' in value) {
    w.int(ATTRIBUTE.type, ATTRIBUTE.INT).int(ATTRIBUTE.i, value.int);
  } else {
    w.int(ATTRIBUTE.type, ATTRIBUTE.FLOAT).float(ATTRIBUTE.f, value.float);
  }
}

/** Serialises a ModelProto whose graph is the single node described by `m`. */
export function buildSingleNodeModel(m: SingleNodeModel): Uint8Array {
  const domain = m.domain ?? '';
  if (!(domain in m.opsets)) throw new RangeError(`model for ${m.opType}: no opset imported for domain '${domain}'`);
  const w = new ProtoWriter();
  w.int(MODEL.irVersion, IR_VERSION);
  w.string(MODEL.producerName, 'mlsys-workbench-bench');
  for (const [d, version] of Object.entries(m.opsets)) {
    w.message(MODEL.opsetImport, (o) => {
      if (d !== '') o.string(OPSET.domain, d);
      o.int(OPSET.version, version);
    });
  }
  w.message(MODEL.graph, (g) => {
    g.message(GRAPH.node, (n) => {
      for (const t of m.inputs) n.string(NODE.input, t.name);
      for (const t of m.outputs) n.string(NODE.output, t.name);
      n.string(NODE.name, `${m.opType}_0`);
      n.string(NODE.opType, m.opType);
      for (const [name, value] of Object.entries(m.attributes ?? {}))
        n.message(NODE.attribute, (a) => writeAttribute(a, name, value));
      if (domain !== '') n.string(NODE.domain, domain);
    });
    g.string(GRAPH.name, `bench_${m.opType}`);
    for (const t of m.inputs) g.message(GRAPH.input, (v) => writeValueInfo(v, t));
    for (const t of m.outputs) g.message(GRAPH.output, (v) => writeValueInfo(v, t));
  });
  return w.finish();
}

/** Y[M,N] = A[M,K] · B[K,N] (opset 13 MatMul). */
export function matmulModel(M: number, K: number, N: number): Uint8Array {
  return buildSingleNodeModel({
    opType: 'MatMul',
    inputs: [
      { name: 'A', dims: [M, K] },
      { name: 'B', dims: [K, N] },
    ],
    outputs: [{ name: 'Y', dims: [M, N] }],
    opsets: { '': 17 },
  });
}

export interface MhaModelShape {
  batch: number;
  sQ: number;
  sKV: number;
  heads: number;
  headDim: number;
}

/**
 * com.microsoft MultiHeadAttention with separate query [B, S_Q, h·d], key and value
 * [B, S_KV, h·d] (the BSNH layout flattened, which is ours with B folded in); output
 * [B, S_Q, h·d]. Scale defaults to 1/sqrt(d) in the operator, as in our kernels.
 */
export function multiHeadAttentionModel(s: MhaModelShape): Uint8Array {
  const hidden = s.heads * s.headDim;
  return buildSingleNodeModel({
    opType: 'MultiHeadAttention',
    domain: 'com.microsoft',
    inputs: [
      { name: 'query', dims: [s.batch, s.sQ, hidden] },
      { name: 'key', dims: [s.batch, s.sKV, hidden] },
      { name: 'value', dims: [s.batch, s.sKV, hidden] },
    ],
    outputs: [{ name: 'output', dims: [s.batch, s.sQ, hidden] }],
    attributes: { num_heads: { int: s.heads } },
    opsets: { '': 17, 'com.microsoft': 1 },
  });
}

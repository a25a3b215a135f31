// The ONNX writer is checked by decoding its bytes with an independent wire-format reader and
// comparing every field number against onnx.proto, plus hand-computed byte sequences for the
// wire encoding itself.
import { describe, expect, it } from 'vitest';
import { ProtoWriter } from './protobuf';
import { decodeProto, floats, ints, messages, ProtoDecodeError, strings, type ProtoField } from './protobufReader';
import { buildSingleNodeModel, matmulModel, multiHeadAttentionModel } from './onnxModel';

describe('protobuf wire encoding', () => {
  it('writes varints, keys, strings and floats byte-exactly', () => {
    // Field 1 varint 150 → 08 96 01 (the protobuf documentation's own example).
    expect([...new ProtoWriter().int(1, 150).finish()]).toEqual([0x08, 0x96, 0x01]);
    // Field 2 string "testing" → 12 07 74 65 73 74 69 6e 67.
    expect([...new ProtoWriter().string(2, 'testing').finish()]).toEqual([
      0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67,
    ]);
    // Field 20 (key 160 needs two bytes) varint 2 → a0 01 02.
    expect([...new ProtoWriter().int(20, 2).finish()]).toEqual([0xa0, 0x01, 0x02]);
    // Field 2 fixed32 1.0f → 15 00 00 80 3f.
    expect([...new ProtoWriter().float(2, 1).finish()]).toEqual([0x15, 0x00, 0x00, 0x80, 0x3f]);
  });

  it('round-trips large int64 values and nested messages', () => {
    const big = 2 ** 40 + 12345;
    const bytes = new ProtoWriter()
      .int(3, big)
      .message(7, (m) => m.string(1, 'héllo').int(2, 0))
      .finish();
    const f = decodeProto(bytes);
    expect(ints(f, 3)).toEqual([big]);
    const inner = messages(f, 7)[0]!;
    expect(strings(inner, 1)).toEqual(['héllo']);
    expect(ints(inner, 2)).toEqual([0]);
  });

  it('rejects values it cannot encode and bytes it cannot decode', () => {
    expect(() => new ProtoWriter().int(1, -1)).toThrow(/non-negative/);
    expect(() => new ProtoWriter().int(0, 1)).toThrow(/field number 0/);
    expect(() => decodeProto(Uint8Array.from([0x12, 0x05, 0x61]))).toThrow(ProtoDecodeError);
    expect(() => decodeProto(Uint8Array.from([0x08, 0x96]))).toThrow(/truncated varint/);
  });
});

/** Reads a ValueInfoProto back to { name, elemType, dims }. */
function valueInfo(v: ProtoField[]) {
  const tensor = messages(messages(v, 2)[0]!, 1)[0]!; // ValueInfoProto.type → TypeProto.tensor_type
  const shape = messages(tensor, 2)[0]!; // TypeProto.Tensor.shape
  return {
    name: strings(v, 1)[0],
    elemType: ints(tensor, 1)[0],
    dims: messages(shape, 1).map((d) => ints(d, 1)[0]), // TensorShapeProto.dim → Dimension.dim_value
  };
}

describe('single-node ONNX models', () => {
  it('MatMul: ir_version, opset, node and typed graph inputs/outputs at onnx.proto field numbers', () => {
    const model = decodeProto(matmulModel(3, 5, 7));
    expect(ints(model, 1)).toEqual([8]); // ModelProto.ir_version
    const opsets = messages(model, 8); // ModelProto.opset_import
    expect(opsets).toHaveLength(1);
    expect(strings(opsets[0]!, 1)).toEqual([]); // default domain: field absent
    expect(ints(opsets[0]!, 2)).toEqual([17]);
    const graph = messages(model, 7)[0]!; // ModelProto.graph
    const nodes = messages(graph, 1); // GraphProto.node
    expect(nodes).toHaveLength(1);
    expect(strings(nodes[0]!, 4)).toEqual(['MatMul']); // NodeProto.op_type
    expect(strings(nodes[0]!, 1)).toEqual(['A', 'B']); // NodeProto.input
    expect(strings(nodes[0]!, 2)).toEqual(['Y']); // NodeProto.output
    expect(strings(nodes[0]!, 7)).toEqual([]); // NodeProto.domain: default
    expect(messages(graph, 11).map(valueInfo)).toEqual([
      // GraphProto.input
      { name: 'A', elemType: 1, dims: [3, 5] },
      { name: 'B', elemType: 1, dims: [5, 7] },
    ]);
    expect(messages(graph, 12).map(valueInfo)).toEqual([{ name: 'Y', elemType: 1, dims: [3, 7] }]); // GraphProto.output
  });

  it('MultiHeadAttention: com.microsoft domain, both opsets, and an INT num_heads attribute', () => {
    const model = decodeProto(multiHeadAttentionModel({ batch: 1, sQ: 4, sKV: 9, heads: 3, headDim: 8 }));
    const opsets = messages(model, 8).map((o) => [strings(o, 1)[0] ?? '', ints(o, 2)[0]]);
    expect(opsets).toEqual([
      ['', 17],
      ['com.microsoft', 1],
    ]);
    const node = messages(messages(model, 7)[0]!, 1)[0]!;
    expect(strings(node, 7)).toEqual(['com.microsoft']);
    expect(strings(node, 4)).toEqual(['MultiHeadAttention']);
    const attrs = messages(node, 5); // NodeProto.attribute
    expect(attrs).toHaveLength(1);
    expect(strings(attrs[0]!, 1)).toEqual(['num_heads']); // AttributeProto.name
    expect(ints(attrs[0]!, 20)).toEqual([2]); // AttributeProto.type = INT
    expect(ints(attrs[0]!, 3)).toEqual([3]); // AttributeProto.i
    const graph = messages(model, 7)[0]!;
    expect(
      messages(graph, 11)
        .map(valueInfo)
        .map((v) => v.dims),
    ).toEqual([
      [1, 4, 24],
      [1, 9, 24],
      [1, 9, 24],
    ]);
    expect(messages(graph, 12).map(valueInfo)[0]!.dims).toEqual([1, 4, 24]);
  });

  it('writes FLOAT attributes and refuses bad shapes or a missing opset', () => {
    const bytes = buildSingleNodeModel({
      opType: 'X',
      inputs: [{ name: 'a', dims: [2] }],
      outputs: [{ name: 'b', dims: [2] }],
      attributes: { scale: { float: 0.125 } },
      opsets: { '': 17 },
    });
    const attr = messages(messages(messages(decodeProto(bytes), 7)[0]!, 1)[0]!, 5)[0]!;
    expect(ints(attr, 20)).toEqual([1]); // FLOAT
    expect(floats(attr, 2)).toEqual([0.125]);
    expect(() => matmulModel(0, 2, 2)).toThrow(/dimension 0/);
    expect(() =>
      buildSingleNodeModel({ opType: 'Y', domain: 'com.microsoft', inputs: [], outputs: [], opsets: { '': 17 } }),
    ).toThrow(/no opset imported for domain 'com.microsoft'/);
  });
});

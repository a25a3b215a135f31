// A minimal protocol-buffers writer: just the wire types an ONNX model needs (varint for ints
// and enums, length-delimited for strings, bytes and nested messages, 32-bit for floats). No
// python `onnx` package is available to build test models, and pulling protobufjs into the app
// for four message types would cost more than these sixty lines.

/** Protobuf wire types (the low 3 bits of a field key). */
export const WIRE = { varint: 0, fixed64: 1, lengthDelimited: 2, fixed32: 5 } as const;

const utf8 = new TextEncoder();

export class ProtoWriter {
  private chunks: number[] = [];

  /** Unsigned LEB128. Accepts any non-negative safe integer (int64 fields never exceed 2^53 here). */
  private varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`protobuf varint ${value} must be a non-negative safe integer`);
    let v = value;
    while (v >= 0x80) {
      this.chunks.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.chunks.push(v);
  }

  private key(field: number, wire: number): void {
    if (!Number.isInteger(field) || field < 1)
      throw new RangeError(`protobuf field number ${field} must be a positive integer`);
    this.varint(field * 8 + wire);
  }

  /** int32 / int64 / enum / bool field (non-negative values only: ONNX models here need no others). */
  int(field: number, value: number): this {
    this.key(field, WIRE.varint);
    this.varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.key(field, WIRE.fixed32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.chunks.push(...b);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.key(field, WIRE.lengthDelimited);
    this.varint(value.length);
    for (const byte of value) this.chunks.push(byte);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  /** A nested message, written by `build` into its own writer. */
  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}

// Decodes protobuf bytes into (field, wire type, value) records, without a schema. The tests use
// it to read our ONNX models back; it is written from the wire-format rules, independently of
// the writer, so a bug in one does not hide in the other.
import { WIRE } from './protobuf';

export interface ProtoField {
  field: number;
  wire: number;
  /** varint: the integer; fixed32: the float; length-delimited: the raw bytes. */
  value: number | Uint8Array;
}

export class ProtoDecodeError extends Error {
  override name = 'ProtoDecodeError';
}

export function decodeProto(bytes: Uint8Array): ProtoField[] {
  const out: ProtoField[] = [];
  let pos = 0;
  const readVarint = (): number => {
    let result = 0;
    let scale = 1;
    for (;;) {
      if (pos >= bytes.length) throw new ProtoDecodeError(`truncated varint at byte ${pos}`);
      const b = bytes[pos++]!;
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
      if (scale > 2 ** 63) throw new ProtoDecodeError(`varint longer than 10 bytes at byte ${pos}`);
    }
  };
  while (pos < bytes.length) {
    const key = readVarint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (field === 0) throw new ProtoDecodeError(`field number 0 at byte ${pos}`);
    if (wire === WIRE.varint) {
      out.push({ field, wire, value: readVarint() });
    } else if (wire === WIRE.lengthDelimited) {
      const len = readVarint();
      if (pos + len > bytes.length) throw new ProtoDecodeError(`field ${field}: length ${len} runs past the end`);
      out.push({ field, wire, value: bytes.slice(pos, pos + len) });
      pos += len;
    } else if (wire === WIRE.fixed32) {
      if (pos + 4 > bytes.length) throw new ProtoDecodeError(`field ${field}: truncated fixed32`);
      out.push({ field, wire, value: new DataView(bytes.buffer, bytes.byteOffset + pos, 4).getFloat32(0, true) });
      pos += 4;
    } else {
      throw new ProtoDecodeError(`field ${field}: unsupported wire type ${wire}`);
    }
  }
  return out;
}

const utf8 = new TextDecoder();

/** Every value of `field`, as integers / strings / nested records. */
export function ints(fields: ProtoField[], field: number): number[] {
  return fields.filter((f) => f.field === field && f.wire === WIRE.varint).map((f) => f.value as number);
}
export function strings(fields: ProtoField[], field: number): string[] {
  return fields
    .filter((f) => f.field === field && f.wire === WIRE.lengthDelimited)
    .map((f) => utf8.decode(f.value as Uint8Array));
}
export function messages(fields: ProtoField[], field: number): ProtoField[][] {
  return fields
    .filter((f) => f.field === field && f.wire === WIRE.lengthDelimited)
    .map((f) => decodeProto(f.value as Uint8Array));
}
export function floats(fields: ProtoField[], field: number): number[] {
  return fields.filter((f) => f.field === field && f.wire === WIRE.fixed32).map((f) => f.value as number);
}

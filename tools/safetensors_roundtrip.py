"""Checks by hand that Nabla's safetensors files and PyTorch's agree, in both directions.

Debian ships PyTorch (python3-torch) but not the `safetensors` package, so this script reads
and writes the format itself with struct, json and torch.frombuffer: an 8-byte little-endian
header length, the JSON header, then the raw little-endian data. It is a developer tool; no
test runs it.

    /usr/bin/python3 tools/safetensors_roundtrip.py read  FILE   # print what Nabla wrote
    /usr/bin/python3 tools/safetensors_roundtrip.py write FILE   # write a file for Nabla to read

Both print one line per tensor, `name dtype shape sum`, so the two sides can be compared.
"""

import json
import struct
import sys

import torch

DTYPES = {
    "F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16,
    "I64": torch.int64, "I32": torch.int32, "I16": torch.int16, "I8": torch.int8,
    "U8": torch.uint8, "BOOL": torch.bool,
}
NAMES = {v: k for k, v in DTYPES.items()}
# The reference implementation's dtype order (increasing alignment); files list larger ones first.
RANK = {name: i for i, name in enumerate(["BOOL", "U8", "I8", "I16", "F16", "BF16", "I32", "F32", "F64", "I64"])}


def read(path):
    """Returns ({name: tensor} in data order, metadata), checking the header as the format asks."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    if n > len(blob) - 8:
        sys.exit(f"{path}: header length {n} is larger than the file")
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {})
    data = blob[8 + n:]
    tensors = {}
    end = 0
    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"]):
        begin, stop = info["data_offsets"]
        if begin != end:
            sys.exit(f"{path}: tensor {name} starts at {begin}, expected {end}")
        end = stop
        dtype, shape = DTYPES[info["dtype"]], info["shape"]
        if stop == begin:
            tensors[name] = torch.empty(shape, dtype=dtype)
        else:
            tensors[name] = torch.frombuffer(bytearray(data[begin:stop]), dtype=dtype).reshape(shape)
    if end != len(data):
        sys.exit(f"{path}: {len(data) - end} bytes after the last tensor")
    return tensors, metadata


def write(path, tensors, metadata):
    """Lays the file out as the reference implementation does: dtype in descending order, then by name."""
    order = sorted(tensors.items(), key=lambda kv: (-RANK[NAMES[kv[1].dtype]], kv[0]))
    header = {"__metadata__": metadata} if metadata else {}
    chunks, offset = [], 0
    for name, t in order:
        raw = t.contiguous().reshape(-1).view(torch.uint8).numpy().tobytes() if t.numel() else b""
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))


def sample():
    """Every dtype Nabla writes, the ones it converts (F16, BF16, I64), a 0-d, an empty and a transposed tensor."""
    g = torch.Generator().manual_seed(0)
    return {
        "f32": torch.randn(3, 4, generator=g),
        "f32_transposed": torch.arange(6, dtype=torch.float32).reshape(2, 3).t(),
        "f64": torch.randn(5, generator=g, dtype=torch.float64),
        "f16": torch.tensor([1.0, -2.5, 65504.0], dtype=torch.float16),
        "bf16": torch.tensor([1.0, 3.0, -0.15625], dtype=torch.bfloat16),
        "i64": torch.tensor([-5, 2**31 - 1, 7], dtype=torch.int64),
        "i32": torch.tensor([[1, -2], [3, -4]], dtype=torch.int32),
        "bool": torch.tensor([True, False, True]),
        "scalar": torch.tensor(2.25),
        "empty": torch.zeros(0, 3),
    }


def describe(tensors, metadata):
    for name, t in tensors.items():
        total = t.to(torch.float64).sum().item()
        print(f"{name} {NAMES[t.dtype]} {list(t.shape)} {total!r}")
    print(f"metadata {json.dumps(metadata, sort_keys=True)}")


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("read", "write"):
        sys.exit(__doc__)
    assert sys.byteorder == "little", "torch.frombuffer reads native order; safetensors is little-endian"
    if sys.argv[1] == "read":
        describe(*read(sys.argv[2]))
    else:
        tensors, metadata = sample(), {"written_by": "torch " + torch.__version__}
        write(sys.argv[2], tensors, metadata)
        describe(*read(sys.argv[2]))


if __name__ == "__main__":
    main()

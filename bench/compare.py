#!/usr/bin/python3
"""Prints the table of bench/run: images/s per framework and Nabla's ratios, with a verdict against the targets.

    /usr/bin/python3 bench/compare.py bench/out/RUN.jsonl

Reads the JSON lines of `nabla bench --json`, bench/pytorch_bench.py and bench/dl4j; where a case
appears more than once for a framework, its median counts. The targets (issue 5) apply to
training: MLP >= 1.0x PyTorch, LeNet >= 1.2x PyTorch, every model >= 5x DL4J. Inference rows show
their ratios without a verdict. Exit status 0 whether or not targets are met: this reports.
"""
import json
import statistics
import sys
from collections import defaultdict

FRAMEWORKS = ("nabla", "pytorch", "dl4j")
TARGET_VS_PYTORCH = {"mlp": 1.0, "lenet": 1.2}
TARGET_VS_DL4J = 5.0
MODEL_ORDER = {"mlp": 0, "lenet": 1, "resnet": 2}
MODE_ORDER = {"train": 0, "infer": 1}


def load(path):
    rates = defaultdict(lambda: defaultdict(list))
    gemm = defaultdict(lambda: defaultdict(list))
    extras = {}
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                r = json.loads(line)
                if r.get("op") == "matmul":
                    gemm[(r["shape"], int(r["threads"]))][r["framework"]].append(float(r["gflops"]))
                    continue
                key = (r["model"], r["mode"], int(r["batch"]), int(r["threads"]))
                rates[key][r["framework"]].append(float(r["images_per_s"]))
            except (ValueError, KeyError) as e:
                sys.exit(f"compare: {path}:{number}: not a benchmark line ({e})")
            if r["framework"] == "nabla":
                extras[key] = r.get("gc_fraction")
            extras.setdefault(r["framework"] + " blas", r.get("blas"))
            extras.setdefault(r["framework"] + " version", r.get("version") or r.get("kernels"))
    return rates, gemm, extras


def verdict(model, mode, vs_pytorch, vs_dl4j):
    if mode != "train":
        return ""
    misses = []
    checked = False
    target = TARGET_VS_PYTORCH.get(model)
    if target is not None and vs_pytorch is not None:
        checked = True
        if vs_pytorch < target:
            misses.append(f"<{target:g}x pytorch")
    if vs_dl4j is not None:
        checked = True
        if vs_dl4j < TARGET_VS_DL4J:
            misses.append(f"<{TARGET_VS_DL4J:g}x dl4j")
    if not checked:
        return "no target"
    return "ok" if not misses else "MISS " + ", ".join(misses)


def ratio(a, b):
    return None if a is None or b is None else a / b


def cell(value, fmt, width):
    return f"{'-':>{width}}" if value is None else fmt.format(value)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: compare.py RUN.jsonl")
    rates, gemm, extras = load(sys.argv[1])
    header = (f"{'model':<6} {'mode':<5} {'batch':>5} {'thr':>3} {'nabla':>9} {'pytorch':>9} {'dl4j':>9}"
              f" {'/pytorch':>8} {'/dl4j':>7} {'gc %':>5}  verdict (train: mlp >=1.0x, lenet >=1.2x pytorch; >=5x dl4j)")
    print("images/s (median of the timed windows); ratios are Nabla's")
    print(header)
    met = total = 0
    keys = sorted(rates, key=lambda k: (MODEL_ORDER.get(k[0], 9), k[0], MODE_ORDER.get(k[1], 9), k[2], k[3]))
    for key in keys:
        model, mode, batch, threads = key
        # Nabla has one line per case; a peer may have one per split of the threads (bench/run),
        # and is credited with its fastest.
        median = {fw: (statistics.median(v) if fw == "nabla" else max(v)) for fw, v in rates[key].items()}
        nabla, pytorch, dl4j = (median.get(fw) for fw in FRAMEWORKS)
        vs_pytorch, vs_dl4j = ratio(nabla, pytorch), ratio(nabla, dl4j)
        v = verdict(model, mode, vs_pytorch, vs_dl4j) if nabla is not None else ""
        if v in ("ok",) or v.startswith("MISS"):
            total += 1
            met += v == "ok"
        gc = extras.get(key)
        print(f"{model:<6} {mode:<5} {batch:>5} {threads:>3} {cell(nabla, '{:9.0f}', 9)} {cell(pytorch, '{:9.0f}', 9)}"
              f" {cell(dl4j, '{:9.0f}', 9)} {cell(vs_pytorch, '{:7.2f}x', 8)} {cell(vs_dl4j, '{:6.2f}x', 7)}"
              f" {cell(None if gc is None else 100 * gc, '{:5.1f}', 5)}  {v}")
    print(f"training rows meeting every target: {met} of {total}")
    for fw in FRAMEWORKS:
        version = extras.get(fw + " version")
        blas = extras.get(fw + " blas")
        parts = [p for p in (version, "blas " + blas if blas else None) if p]
        if parts:
            print(f"{fw}: {'; '.join(parts)}")
    if gemm:
        print()
        print("float32 matmul GFLOP/s (median), Nabla's MatmulReport beside torch.mm")
        print(f"{'shape':<16} {'thr':>3} {'nabla':>8} {'pytorch':>8} {'/pytorch':>8}")
        order = list(dict.fromkeys(shape for shape, _ in gemm))  # as the files list them
        for shape, threads in sorted(gemm, key=lambda k: (order.index(k[0]), k[1])):
            median = {fw: statistics.median(v) for fw, v in gemm[(shape, threads)].items()}
            nabla, pytorch = median.get("nabla"), median.get("pytorch")
            print(f"{shape:<16} {threads:>3} {cell(nabla, '{:8.1f}', 8)} {cell(pytorch, '{:8.1f}', 8)}"
                  f" {cell(ratio(nabla, pytorch), '{:7.2f}x', 8)}")
    if "reference" in (extras.get("pytorch blas") or ""):
        print("WARNING: PyTorch ran on the reference BLAS, many times slower than OpenBLAS: the /pytorch ratios "
              "flatter Nabla (see bench/README.md)")


if __name__ == "__main__":
    main()

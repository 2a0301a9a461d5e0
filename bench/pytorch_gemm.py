#!/usr/bin/python3
"""float32 torch.mm GFLOP/s on the products of Nabla's MatmulReport, as JSON lines.

    /usr/bin/python3 bench/pytorch_gemm.py --threads 1 [--seconds 1 --repeats 5]

Mirrors dev.nabla.bench.MatmulShape: square n = 256..2048 and the three products of the MLP's
784->256 layer at batch 256, the gradient ones reading a transposed view as autograd does.
GFLOP/s = 2*m*n*k / t, t the median over --repeats windows of the mean time per product, after
a warm-up. Run one process per thread count with OMP/OPENBLAS_NUM_THREADS set (bench/run does).
"""
import argparse
import json
import statistics
import time

import torch

# name: (m, k, n, a transposed, b transposed), as in MatmulShape.java
SHAPES = {
    "SQUARE_256": (256, 256, 256, False, False),
    "SQUARE_512": (512, 512, 512, False, False),
    "SQUARE_1024": (1024, 1024, 1024, False, False),
    "SQUARE_2048": (2048, 2048, 2048, False, False),
    "MLP_FORWARD": (256, 784, 256, False, False),
    "MLP_WEIGHT_GRAD": (784, 256, 256, True, False),
    "MLP_INPUT_GRAD": (256, 256, 784, False, True),
}


def seconds_per_product(a, b, seconds):
    n = 0
    start = time.perf_counter()
    while n < 1 or time.perf_counter() - start < seconds:
        torch.mm(a, b)
        n += 1
    return (time.perf_counter() - start) / n


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seconds", type=float, default=1.0, help="length of each timed window")
    p.add_argument("--repeats", type=int, default=5, help="timed windows; the median counts")
    p.add_argument("--warmup", type=float, default=1.0)
    p.add_argument("--shapes", default=",".join(SHAPES))
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    gen = torch.Generator().manual_seed(1)
    for name in args.shapes.split(","):
        if name not in SHAPES:
            p.error(f"--shapes {name}: expected {', '.join(SHAPES)}")
        m, k, n, at, bt = SHAPES[name]
        a = torch.randn(k, m, generator=gen).t() if at else torch.randn(m, k, generator=gen)
        b = torch.randn(n, k, generator=gen).t() if bt else torch.randn(k, n, generator=gen)
        seconds_per_product(a, b, args.warmup)
        t = statistics.median(seconds_per_product(a, b, args.seconds) for _ in range(args.repeats))
        print(json.dumps({"framework": "pytorch", "op": "matmul", "shape": name, "m": m, "k": k, "n": n,
                          "a_transposed": at, "b_transposed": bt, "threads": args.threads,
                          "gflops": round(2 * m * n * k / t / 1e9, 1), "version": torch.__version__}), flush=True)


if __name__ == "__main__":
    main()

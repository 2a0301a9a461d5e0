#!/usr/bin/python3
"""The models of `nabla bench` in PyTorch, timed the same way, as JSON lines with framework "pytorch".

Run with Debian's interpreter, which has python3-torch:
    /usr/bin/python3 bench/pytorch_bench.py --seconds 1 --repeats 3

Timing, as in Nabla's dev.nabla.cli.bench.Throughput: a few synthetic batches (random normal
images, random labels 0-9) generated once and cycled; a warm-up of --warmup seconds, longer (up
to 3x) while 0.5 s chunks still get more than 5% faster; then --repeats windows of --seconds
each; images/s from the median time per batch.
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch
from torch import nn
import torch.nn.functional as F

DATA_BATCHES = 4
MIN_WARMUP_STEPS = 2
WARMUP_CHUNK_SECONDS = 0.5
STILL_IMPROVING = 0.05
MAX_WARMUP_FACTOR = 3


class BasicBlock(nn.Module):
    """Nabla's dev.nabla.nn.BasicBlock: two 3x3 convs with batch norm, projection shortcut when the shape changes."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = None if stride == 1 and cin == cout else nn.Sequential(
            nn.Conv2d(cin, cout, 1, stride, 0, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        return F.relu(y + (x if self.shortcut is None else self.shortcut(x)))


def mlp():
    return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                         nn.Linear(128, 10))


def lenet():
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))


def resnet():
    """Nabla's ResNet-8 (dev.nabla.models.ResNet with one block per stage)."""
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
        BasicBlock(16, 16, 1), BasicBlock(16, 32, 2), BasicBlock(32, 64, 2),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10))


MODELS = {"mlp": (mlp, (784,)), "lenet": (lenet, (1, 28, 28)), "resnet": (resnet, (1, 28, 28))}


def step_function(model_name, mode, batch, device):
    build, example_shape = MODELS[model_name]
    torch.manual_seed(1)
    model = build().to(device)
    gen = torch.Generator().manual_seed(2)
    inputs = [torch.randn((batch,) + example_shape, generator=gen).to(device) for _ in range(DATA_BATCHES)]
    labels = [torch.randint(0, 10, (batch,), generator=gen).to(device) for _ in range(DATA_BATCHES)]
    if mode == "infer":
        model.eval()

        def infer(i):
            with torch.no_grad():
                return model(inputs[i % DATA_BATCHES])
        return infer
    model.train()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

    def train(i):
        opt.zero_grad()
        loss = F.cross_entropy(model(inputs[i % DATA_BATCHES]), labels[i % DATA_BATCHES])
        loss.backward()
        opt.step()
    return train


def run(step, first, seconds, min_steps):
    deadline = time.perf_counter() + seconds
    n = 0
    while n < min_steps or time.perf_counter() < deadline:
        step(first + n)
        n += 1
    if torch.cuda.is_available() and torch.cuda.is_initialized():
        # A GPU runs the steps' kernels after the calls return: wait, so the window holds their work.
        torch.cuda.synchronize()
    return n


def warm_up(step, warmup):
    start = time.perf_counter()
    run(step, 0, 0, MIN_WARMUP_STEPS)
    chunk = min(WARMUP_CHUNK_SECONDS, warmup)
    previous_ms = float("inf")
    while chunk > 0:
        t = time.perf_counter()
        n = run(step, 0, chunk, 1)
        ms = (time.perf_counter() - t) * 1e3 / n
        improving = ms < previous_ms * (1 - STILL_IMPROVING)
        previous_ms = ms
        elapsed = time.perf_counter() - start
        if elapsed >= MAX_WARMUP_FACTOR * warmup or (elapsed >= warmup and not improving):
            break
    return time.perf_counter() - start


def measure(model_name, mode, batch, threads, args):
    # --torch-threads splits a thread budget differently: e.g. 2 cores as 1 torch thread with 2
    # OpenBLAS threads (OPENBLAS_NUM_THREADS, read at start-up); the line keeps the budget.
    torch.set_num_threads(args.torch_threads or threads)
    step = step_function(model_name, mode, batch, args.device)
    warmed_up = warm_up(step, args.warmup)
    ms_per_batch = []
    batches = 0
    for _ in range(args.repeats):
        t = time.perf_counter()
        n = run(step, batches, args.seconds, 1)
        ms_per_batch.append((time.perf_counter() - t) * 1e3 / n)
        batches += n
    median = statistics.median(ms_per_batch)
    return {"framework": "pytorch", "model": model_name, "mode": mode, "batch": batch, "threads": threads,
            "images_per_s": round(batch * 1e3 / median, 1), "median_ms_per_batch": round(median, 3),
            "repeats": args.repeats, "batches_timed": batches, "warmup_s": round(warmed_up, 2),
            "version": torch.__version__, "device": args.device,
            "pinning": f"torch {args.torch_threads or threads}, openblas {os.environ.get('OPENBLAS_NUM_THREADS', 'default')}"}


def blas_library():
    """The BLAS this process loaded, by path: Debian's torch calls libblas.so.3, whichever implementation that is."""
    torch.mm(torch.ones(64, 64), torch.ones(64, 64))
    with open("/proc/self/maps") as maps:
        paths = sorted({os.path.realpath(line.split()[-1]) for line in maps if "blas" in line and "/" in line})
    openblas = [p for p in paths if "libopenblas" in os.path.basename(p)]
    if openblas:
        return "openblas " + os.path.basename(openblas[0])
    if any("/blas/libblas.so" in p for p in paths):
        return "reference (netlib, slow; see bench/README.md) " + " ".join(paths)
    return " ".join(paths) or "none found"


def int_list(flag):
    def parse(text):
        try:
            values = [int(v) for v in text.split(",")]
        except ValueError:
            raise argparse.ArgumentTypeError(f"{flag} {text}: expected whole numbers separated by commas")
        if any(v < 1 for v in values):
            raise argparse.ArgumentTypeError(f"{flag} must all be >= 1, got {text}")
        return values
    return parse


def choice_list(flag, choices):
    def parse(text):
        values = text.split(",")
        for v in values:
            if v not in choices:
                raise argparse.ArgumentTypeError(f"{flag} {v}: expected {', '.join(choices)}")
        return values
    return parse


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--models", type=choice_list("--models", list(MODELS)), default=["mlp", "lenet", "resnet"])
    p.add_argument("--modes", type=choice_list("--modes", ["train", "infer"]), default=["train", "infer"])
    p.add_argument("--batches", type=int_list("--batches"), default=[64, 256])
    p.add_argument("--threads", type=int_list("--threads"), default=[1, 2])
    p.add_argument("--seconds", type=float, default=3.0, help="length of each timed window")
    p.add_argument("--repeats", type=int, default=3, help="timed windows per case; the median is reported")
    p.add_argument("--warmup", type=float, default=2.0, help="untimed seconds before each case")
    p.add_argument("--torch-threads", type=int, default=None,
                   help="torch.set_num_threads, when not --threads (another split of the same budget)")
    p.add_argument("--device", default="cpu", help="where the models run: cpu or cuda[:N] (default: cpu)")
    args = p.parse_args()
    if not args.seconds > 0 or not args.warmup >= 0 or args.repeats < 1:
        p.error("--seconds must be > 0, --warmup >= 0 and --repeats >= 1")
    # Inter-op threads would only compete with the intra-op ones that set_num_threads sets.
    torch.set_num_interop_threads(1)
    blas = blas_library()
    for model_name in args.models:
        for mode in args.modes:
            for batch in args.batches:
                for threads in args.threads:
                    line = measure(model_name, mode, batch, threads, args)
                    line["blas"] = blas
                    print(json.dumps(line), flush=True)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env bash
# The GPU check of issue 7, in two halves, for a GPU machine that has the NVIDIA driver, CUDA
# and PyTorch but no JDK:
#
#   tools/gpu-check.sh pack              # here: jars + a jlink runtime in nabla-cuda/target/gpu-check
#   tools/gpu-check.sh run OUT           # there, from the repo root: runs the checks, writes OUT/
#
# `run` unpacks the runtime, finds NVRTC and cuBLAS (NABLA_CUDA_LIBS, CUDA_HOME, /usr/local/cuda,
# Python's NVIDIA wheels, as dev.nabla.cuda.CudaLibraries does), runs dev.nabla.cuda.GpuSmoke
# --require-gpu (NVRTC kernel vs CPU, cuBLAS row-major products vs CPU, SGEMM 4096³) and
# PyTorch's SGEMM on the same card, and ends with a table. OUT/ gets smoke.log, pytorch.log,
# results.jsonl and summary.txt. Exit status: GpuSmoke's (0 all passed, 1 a check failed, 2 no GPU).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pack="$root/nabla-cuda/target/gpu-check"

case "${1:-}" in
pack)
    source "$root/tools/jdk.sh"
    nabla_find_jdk
    (cd "$root" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
        ./mvnw -q -B -ntp package -DskipTests -pl nabla-cuda -am)
    rm -rf "$pack"
    mkdir -p "$pack/lib"
    cp "$root"/nabla-core/target/nabla-core-*-SNAPSHOT.jar "$root"/nabla-cuda/target/nabla-cuda-*-SNAPSHOT.jar "$pack/lib/"
    # java.base holds the FFM API; the Vector API for the CPU kernels; java.logging for Nabla's log.
    "$JAVA_HOME/bin/jlink" --add-modules java.base,jdk.incubator.vector,java.logging --strip-debug \
        --no-man-pages --no-header-files --compress=zip-9 --output "$pack/jrt"
    tar -C "$pack" -czf "$pack/jrt.tgz" jrt
    rm -rf "$pack/jrt"
    du -sh "$pack"
    echo "gpu-check: packed in ${pack#$root/}; carry that path to the GPU machine and run: tools/gpu-check.sh run OUT"
    ;;
run)
    out="${2:?usage: tools/gpu-check.sh run OUT}"
    mkdir -p "$out"
    out="$(cd "$out" && pwd)"
    [ -f "$pack/jrt.tgz" ] || { echo "gpu-check: no $pack/jrt.tgz; run tools/gpu-check.sh pack first (where a JDK is)" >&2; exit 2; }
    work="$(mktemp -d)"
    tar -C "$work" -xzf "$pack/jrt.tgz"
    java="$work/jrt/bin/java"
    {
        echo "date: $(date -u +%FT%TZ)"
        if command -v nvidia-smi >/dev/null; then
            nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 || true
        else
            echo "nvidia-smi: not found"
        fi
        echo "libraries found:"
        find / -xdev \( -name 'libcuda.so.1' -o -name 'libnvrtc.so.*' -o -name 'libcublas.so.*' \) 2>/dev/null | head -20
    } > "$out/machine.txt"
    status=0
    "$java" --enable-native-access=ALL-UNNAMED -cp "$pack/lib/*" dev.nabla.cuda.GpuSmoke --require-gpu \
        > "$out/smoke.log" 2>&1 || status=$?
    python="$(command -v python3 || true)"
    if [ -n "$python" ]; then
        "$python" - > "$out/pytorch.log" 2>&1 <<'PY' || true
import json, torch
n = 4096
a = torch.randn(n, n, device="cuda")
b = torch.randn(n, n, device="cuda")
for math, tf32 in (("default", False), ("tf32", True)):
    torch.backends.cuda.matmul.allow_tf32 = tf32
    for _ in range(3):
        torch.mm(a, b)
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    times = []
    for _ in range(5):
        start.record()
        for _ in range(10):
            torch.mm(a, b)
        end.record()
        torch.cuda.synchronize()
        times.append(start.elapsed_time(end) / 10)
    ms = sorted(times)[2]
    print(json.dumps({"framework": "pytorch", "op": "sgemm", "n": n, "math": math,
                      "gflops": round(2 * n ** 3 / (ms * 1e6), 1), "device": torch.cuda.get_device_name(0),
                      "version": torch.__version__}))
PY
    else
        echo "python3: not found" > "$out/pytorch.log"
    fi
    grep -h '^{' "$out/smoke.log" "$out/pytorch.log" > "$out/results.jsonl" || true
    {
        cat "$out/machine.txt"
        echo
        grep -E '^(ok|FAIL|CUDA|  |GPU smoke)' "$out/smoke.log" || tail -20 "$out/smoke.log"
        echo
        echo "SGEMM 4096³, GFLOP/s: math, Nabla (cuBLAS through FFM), PyTorch, ratio"
        for math in default tf32; do
            ours=$(grep "\"nabla\"" "$out/results.jsonl" | grep "\"$math\"" | sed -E 's/.*"gflops": ([0-9.]+).*/\1/' || true)
            theirs=$(grep "\"pytorch\"" "$out/results.jsonl" | grep "\"$math\"" | sed -E 's/.*"gflops": ([0-9.]+).*/\1/' || true)
            ratio=$([ -n "$ours" ] && [ -n "$theirs" ] && awk -v a="$ours" -v b="$theirs" 'BEGIN {printf "%.2fx", a / b}' || echo "-")
            echo "  $math: ${ours:--} ${theirs:--} $ratio"
        done
        echo "exit status: $status"
    } | tee "$out/summary.txt"
    rm -rf "$work"
    exit "$status"
    ;;
*)
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac

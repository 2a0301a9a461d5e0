#!/usr/bin/env bash
# The GPU check of issue 7, in two halves, for a GPU machine that has the NVIDIA driver, CUDA
# and PyTorch but no JDK:
#
#   tools/gpu-check.sh pack              # here: jars + a jlink runtime in nabla-cuda/target/gpu-check
#   tools/gpu-check.sh run OUT           # there, from the repo root: runs the checks, writes OUT/
#
# The device tool returns only a few files a call: there, run into a local folder and tar it into
# the returned one, e.g. `tools/gpu-check.sh run /tmp/gpu; tar -C /tmp -czf $OUT/gpu.tgz gpu`.
#
# `run` unpacks the runtime, finds NVRTC and cuBLAS (NABLA_CUDA_LIBS, CUDA_HOME, /usr/local/cuda,
# Python's NVIDIA wheels, as dev.nabla.cuda.CudaLibraries does), runs dev.nabla.cuda.GpuSmoke
# --require-gpu (NVRTC kernel vs CPU, cuBLAS row-major products vs CPU, SGEMM 4096³), then with
# JUnit's console launcher the backend conformance suite and CPU-vs-GPU training on cuda:0, and
# LeNet trained for one epoch on the GPU and on the CPU (`nabla train --device`), training
# throughput of the MLP, LeNet and the ResNet at batch 256 beside PyTorch's on the same card
# (`nabla bench --device cuda`, bench/pytorch_bench.py --device cuda), PyTorch's SGEMM, and ends
# with a table. OUT/ gets machine.txt, smoke.log, tests.log, train-*.log, lenet-*.jsonl,
# bench.jsonl, profile-*.log, pytorch.log, results.jsonl and summary.txt. Exit status: 0 all passed, 1 a check
# or test failed, 2 no usable GPU.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pack="$root/nabla-cuda/target/gpu-check"

case "${1:-}" in
pack)
    source "$root/tools/jdk.sh"
    nabla_find_jdk
    mvn=(env MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" "$root/mvnw" -q -B -ntp -f "$root/pom.xml")
    # -DskipTests still compiles the tests: the GPU machine runs them, without Maven.
    "${mvn[@]}" install -DskipTests -pl nabla-cuda,nabla-cli -am
    rm -rf "$pack"
    mkdir -p "$pack/lib" "$pack/cli"
    cp "$root"/nabla-cli/target/nabla-cli-0.1.0-SNAPSHOT.jar "$root"/nabla-cli/target/lib/*.jar "$pack/cli/"
    for m in nabla-core nabla-testkit nabla-cuda; do
        cp "$root/$m/target/$m-0.1.0-SNAPSHOT.jar" "$pack/lib/"
    done
    "$JAVA_HOME/bin/jar" --create --file "$pack/lib/nabla-cuda-tests.jar" -C "$root/nabla-cuda/target/test-classes" .
    junit_platform=$(sed -n 's|.*<junit.version>5\.\(.*\)</junit.version>.*|1.\1|p' "$root/pom.xml")
    assertj=$(sed -n 's|.*<assertj.version>\(.*\)</assertj.version>.*|\1|p' "$root/pom.xml")
    for artifact in "org.junit.platform:junit-platform-console-standalone:$junit_platform" \
                    "org.assertj:assertj-core:$assertj"; do
        "${mvn[@]}" dependency:copy -Dartifact="$artifact" -DoutputDirectory="$pack/lib"
    done
    # The modules the jars use, as jdeps finds them (java.desktop for the CLI's images, java.sql
    # for AssertJ, ...), and the Vector API, which the CPU kernels load by name.
    modules=$("$JAVA_HOME/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps \
        "$pack"/lib/*.jar "$pack"/cli/*.jar)
    "$JAVA_HOME/bin/jlink" --add-modules "$modules,jdk.incubator.vector" \
        --strip-debug --no-man-pages --no-header-files --compress=zip-9 --output "$pack/jrt"
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
    # NVRTC and cuBLAS wherever this machine has them (a venv's NVIDIA wheels, a toolkit off the
    # usual paths): their directories go first in the search (NABLA_CUDA_LIBS).
    # Each step has a time limit (the device lends 10 minutes a call): a hung step is killed, noted
    # in its log, and the steps after it still run and the summary is still written.
    step() {
        local limit="$1"
        shift
        local rc=0
        timeout --kill-after=10 "$limit" "$@" || rc=$?
        if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
            echo "gpu-check: killed after ${limit}s: $*" >&2
        fi
        return "$rc"
    }
    found=$(timeout 30 find / -xdev \( -name 'libnvrtc.so.*' -o -name 'libcublas.so.*' \) 2>/dev/null | grep -v stubs || true)
    dirs=$(printf '%s\n' "$found" | grep . | xargs -r -n1 dirname | sort -u | paste -sd: - || true)
    export NABLA_CUDA_LIBS="${NABLA_CUDA_LIBS:+$NABLA_CUDA_LIBS:}$dirs"
    {
        echo "date: $(date -u +%FT%TZ)"
        echo "NABLA_CUDA_LIBS=$NABLA_CUDA_LIBS"
        if command -v nvidia-smi >/dev/null; then
            nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 || true
        else
            echo "nvidia-smi: not found"
        fi
        echo "libraries found:"
        timeout 30 find / -xdev -name 'libcuda.so.1' 2>/dev/null | head -5
        printf '%s\n' "$found" | head -20
    } > "$out/machine.txt"
    status=0
    jvm=("$java" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector)
    step 90 "${jvm[@]}" -cp "$pack/lib/*" dev.nabla.cuda.GpuSmoke --require-gpu > "$out/smoke.log" 2>&1 || status=$?
    if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
        status=1  # a killed smoke check is a failure, not "no GPU"
    fi
    # The backend conformance suite and CPU-vs-GPU training, as JUnit runs them here (no Maven there).
    tests=0
    if [ "$status" -ne 2 ]; then
        classpath=$(ls "$pack"/lib/*.jar | grep -v console-standalone | paste -sd: -)
        step 150 "${jvm[@]}" -jar "$pack"/lib/junit-platform-console-standalone-*.jar execute --class-path "$classpath" \
            --select-class dev.nabla.cuda.CudaConformanceTest --select-class dev.nabla.cuda.CudaTrainingTest \
            --select-class dev.nabla.cuda.CudaBackendTest --select-class dev.nabla.cuda.GpuSmokeTest \
            --details=tree --disable-banner --disable-ansi-colors \
            > "$out/tests.log" 2>&1 || tests=$?
        [ "$tests" -eq 0 ] || status=1
    else
        echo "not run: no usable GPU" > "$out/tests.log"
    fi
    # LeNet for one epoch on the embedded digits, on the GPU and on the CPU: the test accuracies.
    cli=("${jvm[@]}" -cp "$pack/cli/*" dev.nabla.cli.Nabla)
    python="$(command -v python3 || true)"
    if [ "$status" -ne 2 ]; then
        for d in cuda cpu; do
            step 60 "${cli[@]}" train --model lenet --epochs 1 --device "$d" --metrics-json "$out/lenet-$d.jsonl" \
                > "$out/train-$d.log" 2>&1 || status=1
        done
        # Training throughput at batch 256, Nabla and PyTorch on the same card.
        bench=(--models mlp,lenet,resnet --modes train --batches 256 --threads 1 --seconds 2 --repeats 3 --warmup 2)
        step 90 "${cli[@]}" bench --device cuda --json "${bench[@]}" > "$out/bench.jsonl" 2> "$out/bench.log" || status=1
        if [ -n "$python" ]; then
            step 90 "$python" "$root/bench/pytorch_bench.py" --device cuda "${bench[@]}" >> "$out/bench.jsonl" 2>> "$out/bench.log" || true
        fi
        # Where the ResNet's and LeNet's steps spend their time on the card: each kernel waited for and timed.
        for model in resnet lenet; do
            step 60 "${jvm[@]}" -Dnabla.cuda.profile=true -cp "$pack/cli/*" dev.nabla.cli.Nabla bench --device cuda \
                --models "$model" --modes train --batches 256 --threads 1 --seconds 1 --repeats 1 --warmup 1 \
                > "$out/profile-$model.log" 2>&1 || true
        done
    fi
    if [ -n "$python" ]; then
        step 60 "$python" - > "$out/pytorch.log" 2>&1 <<'PY' || true
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
        echo "JUnit on the GPU (tests.log):"
        grep -E 'tests (successful|failed|skipped|aborted)|not run' "$out/tests.log" || tail -5 "$out/tests.log"
        echo
        echo "LeNet, 1 epoch on the embedded digits, test accuracy: cuda, cpu"
        for d in cuda cpu; do
            grep -o '"test_accuracy": *[0-9.]*' "$out/lenet-$d.jsonl" 2>/dev/null | tail -1 | sed "s/^/  $d: /" || echo "  $d: -"
        done
        echo
        echo "Training at batch 256, images/s: model, Nabla, PyTorch, ratio"
        for model in mlp lenet resnet; do
            # Nabla writes compact JSON, Python's json.dumps puts a space after each colon.
            ours=$(grep -E '"framework": ?"nabla"' "$out/bench.jsonl" 2>/dev/null | grep -E "\"model\": ?\"$model\"" \
                | sed -E 's/.*"images_per_s": ?([0-9.]+).*/\1/' || true)
            theirs=$(grep -E '"framework": ?"pytorch"' "$out/bench.jsonl" 2>/dev/null | grep -E "\"model\": ?\"$model\"" \
                | sed -E 's/.*"images_per_s": ?([0-9.]+).*/\1/' || true)
            ratio=$([ -n "$ours" ] && [ -n "$theirs" ] && awk -v a="$ours" -v b="$theirs" 'BEGIN {printf "%.2fx", a / b}' || echo "-")
            echo "  $model: ${ours:--} ${theirs:--} $ratio"
        done
        echo
        for model in resnet lenet; do
            echo "$model's training at batch 256 on the card, by kernel (profile-$model.log):"
            grep -A 10 '^nabla.cuda.profile' "$out/profile-$model.log" 2>/dev/null || echo "  -"
        done
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

#!/bin/sh
# MLSys Workbench GPU kit: runs the device probe, our kernel benchmarks and every experiment's real
# run headless on this machine's GPU (WebGPU on Vulkan through dawn.node), with the Node runtime
# that ships in this kit. Needs a POSIX shell, tar, xz and the usual base tools (sed, grep,
# mktemp, date, sleep, kill); no Node, npm, compiler or network.
#
#   sh run.sh OUT_DIR [--quick] [--adapter NAME] [--only ID,ID] [--budget SECONDS]
#                     [--allow-emulation] [--keep]
#   sh run.sh --plan full|quick|emulation       (print the steps and their settings)
#
# Writes into OUT_DIR: <step>.json (the whole result), <step>.csv and <step>.<table>.csv (every
# table, with `# ` provenance header lines), <step>.log (the step's progress and errors),
# adapter.json, kit.json, summary.json and run.log. Full runs take at most 8 minutes, --quick at
# most 2 (--budget changes that); each step has its own time box. See docs/GPU-RUNS.md.
set -u
umask 022
export LC_ALL=C

KIT_DIR=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
T_START=$(date +%s)

usage() {
  sed -n '2,/^set -u/{/^#/p;}' "$KIT_DIR/run.sh" | sed 's/^# \{0,1\}//'
}

# --- the plan -------------------------------------------------------------------------------------
# One step per line: id|experiment|cap full|cap quick|cap emulation|min|args full|args quick|args emulation
# Caps are each step's time box in seconds; `min` is the least time worth starting it with.
# "emulation" is any CPU-emulation adapter (SwiftShader, lavapipe): the smallest settings, so the
# kit's own test runs in CI; `skip:<why>` leaves the step out there. Its caps (about 3.5x or more
# what each step took on a shared 2-core machine: about 100 s in all, bench-peers 52 s and bagpipe
# 12 s of it) add up to 610 s, 30 s less than its 640 s budget (unpacking and the adapter check come first), so no step there is cut
# short for time; cli/gpuKit.test.ts checks the sum. Experiments that are not listed here run with
# their defaults (see discover_steps).
plan_table() {
  cat <<'PLAN'
probe|device-probe|60|25|45|5|--preset thorough --set maxCopyMiB=1024 --set matmulSize=4096|--preset standard|--preset quick --set matmulSize=128 --set maxCopyMiB=4 --set targetMs=1 --set reps=3
bench-matmul|benchmarks|90|25|50|5|--preset matmul --set size=realistic --set reps=30 --set warmup=3 --set ort=false --set tfjs=false|--preset matmul --set size=realistic --set warmup=1 --set ort=false --set tfjs=false|--preset matmul --set gemv=false --set size=small --set warmup=1 --set ort=false --set tfjs=false
bench-attention|benchmarks|90|25|45|5|--preset attention --set size=realistic --set reps=30 --set warmup=3 --set ort=false --set tfjs=false|--preset attention --set size=realistic --set warmup=1 --set ort=false --set tfjs=false|--preset attention --set xattn=false --set size=small --set warmup=1 --set ort=false --set tfjs=false
bench-search|benchmarks|120|20|45|5|--preset search --set csr=true --set size=realistic --set reps=20 --set warmup=2 --set ort=false --set tfjs=false|--preset search --set topk100=false --set ivf=false --set csr=true --set size=realistic --set warmup=1 --set ort=false --set tfjs=false|--preset search --set topk100=false --set ivf=false --set csr=true --set size=small --set warmup=1 --set ort=false --set tfjs=false
bench-peers|benchmarks|120|30|180|10|--preset all --set ivf=false --set llama=false --set size=realistic --set warmup=2|--preset matmul --set gemv=false --set size=realistic --set warmup=1|--preset matmul --set gemv=false --set size=small --set warmup=1
lv-xattn|lv-xattn|60|15|45|5|--preset llama3v-16xa100 --set kernelDevices=4 --set kernelTextTokens=256 --set kernelVisualTokens=16384 --set kernelHeads=16 --set kernelKvHeads=8 --set kernelHeadDim=128|--preset llama3v-16xa100 --set kernelTextTokens=128 --set kernelVisualTokens=4096 --set kernelHeads=8 --set kernelKvHeads=4|--preset llama3v-16xa100 --set kernelDevices=2 --set kernelTextTokens=16 --set kernelVisualTokens=256 --set kernelHeads=2 --set kernelKvHeads=1 --set kernelHeadDim=32
chai|chai|45|12|30|5|--preset llama-7b --set context=2048 --set reps=20|--preset llama-7b --set context=1024 --set reps=10|--preset synthetic-redundant --set context=64 --set reps=1 --set layers=2 --set samples=1
marius|marius|60|12|30|5|--preset freebase86m --set runNodes=20000 --set batchSize=512 --set runEpochs=4|--preset freebase86m --set runNodes=5000 --set runEpochs=3|--preset karate --set runEpochs=2
graph-snapshot|graph-snapshot|60|12|30|5|--preset fanout-20 --set nodes=20000 --set batchSize=256 --set runEpochs=3|--preset fanout-10 --set nodes=4000 --set runEpochs=2|--preset karate --set runEpochs=2
ada-ivf|ada-ivf|90|15|45|5|--preset generator-defaults --set vectors=20000 --set dim=32 --set batchSize=1000 --set targetSize=100 --set evalQueries=500|--preset generator-defaults|--preset tiny --set vectors=200 --set evalQueries=10 --set checkpoints=1 --set runLire=false --set runDedrift=false --set runUpdate=false
spec-decoding|spec-decoding|120|25|0|8|--preset llama-65b-4xa100|--preset llama-65b-4xa100 --set trainSteps=30 --set targetLayers=2 --set targetWidth=32 --set seqLen=32 --set trainBatch=4 --set prompts=2 --set maxNew=16|skip:compiling the LLM engine's shaders alone takes about a minute on CPU emulation
scaling-laws|scaling-laws|150|25|0|8|--preset morph-1b|--preset morph-1b|skip:compiling the LLM engine's shaders alone takes about a minute on CPU emulation
roofline|roofline|20|10|20|2|--set gpuModel=h200|--set gpuModel=h200|--set gpuModel=h200
polythrottle|polythrottle|60|12|0|3|--preset orin-b7|--preset quick-study --set realRequests=20|skip:its request replay runs in real time, minutes on CPU emulation
mcbench|mcbench|120|25|0|8|--preset bert-large-s512-pcie4|--preset quick-real|skip:compiling the LLM engine's shaders alone takes about a minute on CPU emulation
bagpipe|bagpipe|60|10|45|3|--preset paper-criteo|--preset quick-replay|--preset quick-replay --set replayBatches=60 --set gpuBatches=8
PLAN
}
# Experiments found by --list but not in the plan run with their defaults, with these caps (not
# on CPU emulation, where defaults meant for GPUs could take many minutes).
DEFAULT_CAP_FULL=60
DEFAULT_CAP_QUICK=12

# --- arguments ------------------------------------------------------------------------------------
OUT_DIR=''
QUICK=0
ADAPTER=''
ONLY=''
BUDGET=''
BUDGET_GIVEN=0
ALLOW_EMULATION=0
KEEP=0
PRINT_PLAN=''
while [ $# -gt 0 ]; do
  case $1 in
    --quick) QUICK=1 ;;
    --adapter) [ $# -ge 2 ] || { echo "run.sh: --adapter needs a NAME" >&2; exit 2; }; ADAPTER=$2; shift ;;
    --only) [ $# -ge 2 ] || { echo "run.sh: --only needs step ids" >&2; exit 2; }; ONLY=$2; shift ;;
    --budget) [ $# -ge 2 ] || { echo "run.sh: --budget needs SECONDS" >&2; exit 2; }; BUDGET=$2; shift ;;
    --allow-emulation) ALLOW_EMULATION=1 ;;
    --keep) KEEP=1 ;;
    --plan) [ $# -ge 2 ] || { echo "run.sh: --plan needs full, quick or emulation" >&2; exit 2; }; PRINT_PLAN=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) [ -z "$OUT_DIR" ] || { echo "run.sh: one OUT_DIR only (got '$OUT_DIR' and '$1')" >&2; exit 2; }; OUT_DIR=$1 ;;
  esac
  shift
done
[ -n "$BUDGET" ] && BUDGET_GIVEN=1
case $BUDGET in
  '') if [ $QUICK = 1 ]; then BUDGET=120; else BUDGET=480; fi ;;
  *[!0-9]*) echo "run.sh: --budget expects whole seconds, got '$BUDGET'" >&2; exit 2 ;;
esac

# Prints the plan for one mode as `id|experiment|cap|min|args` lines (args `skip:why` = left out).
plan_for() {
  plan_table | while IFS='|' read -r id exp cf cq ce min af aq ae; do
    case $1 in
      full) echo "$id|$exp|$cf|$min|$af" ;;
      quick) echo "$id|$exp|$cq|$min|$aq" ;;
      emulation) echo "$id|$exp|$ce|$min|$ae" ;;
    esac
  done
}

if [ -n "$PRINT_PLAN" ]; then
  case $PRINT_PLAN in
    full|quick|emulation) plan_for "$PRINT_PLAN"; exit 0 ;;
    *) echo "run.sh: --plan takes full, quick or emulation" >&2; exit 2 ;;
  esac
fi
[ -n "$OUT_DIR" ] || { usage >&2; exit 2; }

mkdir -p -- "$OUT_DIR" || { echo "run.sh: cannot create $OUT_DIR" >&2; exit 2; }
OUT=$(CDPATH='' cd -- "$OUT_DIR" && pwd)
LOG=$OUT/run.log
: >"$LOG"

# --- output helpers ----------------------------------------------------------------------------------
elapsed() { echo $(($(date +%s) - T_START)); }
say() {
  e=$(elapsed)
  line=$(printf '[%02d:%02d] %s' $((e / 60)) $((e % 60)) "$*")
  printf '%s\n' "$line"
  printf '%s\n' "$line" >>"$LOG"
}
detail() { printf '        %s\n' "$*"; printf '        %s\n' "$*" >>"$LOG"; }
# A JSON string literal (control characters dropped).
json_str() { printf '"%s"' "$(printf '%s' "$1" | tr -d '\000-\037' | sed 's/\\/\\\\/g; s/"/\\"/g')"; }

STATUS=ok
ENV_PROBLEM=''
STEPS_JSON=''
add_step_json() { # id experiment status rc seconds cap args files note
  entry="{\"id\": $(json_str "$1"), \"experiment\": $(json_str "$2"), \"status\": $(json_str "$3"), \"exitCode\": $4, \"seconds\": $5, \"capSeconds\": $6, \"args\": $(json_str "$7"), \"files\": [$8], \"note\": $(json_str "$9")}"
  if [ -z "$STEPS_JSON" ]; then STEPS_JSON="    $entry"; else STEPS_JSON="$STEPS_JSON,
    $entry"; fi
}

LOADER=unknown
MODE=''
ICD=''
ICD_SOURCE=''
EMULATION=false
# Which benchmark peers run, and where (summary.json "peers" and the log). Both run in Node on the
# kit's own dawn.node device: tfjs's WebGPU backend is built on that device, ORT Web's WebGPU EP is
# handed it (its WebAssembly ships in app.tar.xz); see src/experiments/benchmarks/harness/peerHost.ts.
# They have a step of their own, so a slow or failing peer (ORT's load alone compiles 27 MB of
# WebAssembly) never costs our own rows in bench-matmul, bench-attention and bench-search.
PEERS_NOTE="TensorFlow.js (WebGPU backend) and ONNX Runtime Web (WebGPU EP) run in Node on the kit's dawn.node device, next to our kernels on the same inputs, in their own step bench-peers (every case that has a peer library; --quick: the GEMM case), so bench-matmul, bench-attention and bench-search run our kernels without them (each row says if a peer could not load or failed a case)"
PEERS_NOTE_EMULATION="TensorFlow.js (WebGPU backend) and ONNX Runtime Web (WebGPU EP) run in Node on the kit's dawn.node device in bench-peers on the GEMM case only (ORT's 27 MB WebAssembly and each library's shaders take tens of seconds to compile on CPU emulation); bench-matmul, bench-attention and bench-search run our kernels without them"
write_summary() {
  {
    echo '{'
    echo "  \"tool\": \"mlsys-workbench gpu kit\","
    echo "  \"status\": $(json_str "$STATUS"),"
    [ -n "$ENV_PROBLEM" ] && echo "  \"problem\": $(json_str "$ENV_PROBLEM"),"
    echo "  \"mode\": \"$([ $QUICK = 1 ] && echo quick || echo full)\","
    echo "  \"settings\": $(json_str "$MODE"),"
    echo "  \"cpuEmulation\": $EMULATION,"
    echo "  \"budgetSeconds\": $BUDGET,"
    echo "  \"elapsedSeconds\": $(elapsed),"
    echo "  \"startedAt\": $(json_str "$STARTED_AT"),"
    echo "  \"finishedAt\": $(json_str "$(date -u +%Y-%m-%dT%H:%M:%SZ)"),"
    echo "  \"host\": {\"uname\": $(json_str "$(uname -srm 2>/dev/null)"), \"glibc\": $(json_str "${GLIBC:-}"), \"hostname\": $(json_str "$(uname -n 2>/dev/null)")},"
    echo "  \"vulkan\": {\"loader\": $(json_str "$LOADER"), \"icd\": $(json_str "$ICD"), \"icdSource\": $(json_str "$ICD_SOURCE")},"
    echo "  \"adapterOption\": $(json_str "$ADAPTER"),"
    if [ -s "$OUT/adapter.json" ]; then printf '  "adapter": '; sed '2,$s/^/  /' "$OUT/adapter.json"; echo ','; fi
    if [ -s "$OUT/kit.json" ]; then printf '  "kit": '; sed '2,$s/^/  /' "$OUT/kit.json"; echo ','; fi
    echo "  \"peers\": $(json_str "$PEERS_NOTE"),"
    echo '  "steps": ['
    [ -n "$STEPS_JSON" ] && printf '%s\n' "$STEPS_JSON"
    echo '  ]'
    echo '}'
  } >"$OUT/summary.json"
}

WORK=''
CHILD=''
cleanup() {
  [ -n "$CHILD" ] && kill -KILL "$CHILD" 2>/dev/null
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    if [ $KEEP = 1 ]; then echo "run.sh: kept the unpacked kit in $WORK"; else rm -rf -- "$WORK"; fi
  fi
}
trap cleanup EXIT
trap 'say "interrupted"; STATUS=interrupted; write_summary; exit 130' INT TERM

# Stops with the problem written to the log and summary.json (exit 3: the machine needs a fix).
die_env() {
  say "STOPPED: $1"
  shift
  for l in "$@"; do detail "$l"; done
  STATUS=environment-problem
  ENV_PROBLEM=$(printf '%s ' "$@")
  write_summary
  say "wrote $OUT/summary.json and $OUT/run.log"
  exit 3
}

STARTED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
say "MLSys Workbench GPU kit: $([ $QUICK = 1 ] && echo quick || echo full) run, budget ${BUDGET}s, results in $OUT"

# --- the machine ------------------------------------------------------------------------------------
for tool in tar xz sed grep mktemp date sleep; do
  command -v "$tool" >/dev/null 2>&1 || die_env "this machine has no '$tool'" \
    "The kit needs a POSIX shell with tar, xz, sed, grep, mktemp, date and sleep." \
    "Debian/Ubuntu: apt-get install xz-utils tar coreutils sed grep; RHEL/Rocky: dnf install xz tar"
done
cp "$KIT_DIR/kit.json" "$OUT/kit.json" 2>/dev/null
ARCH=$(uname -m 2>/dev/null)
[ "$ARCH" = x86_64 ] || die_env "this kit is for Linux x86-64, this machine is $(uname -s 2>/dev/null) $ARCH" \
  "Build a kit for this architecture with npm run gpu-kit on a machine of the same kind."
GLIBC=$(getconf GNU_LIBC_VERSION 2>/dev/null | sed -n 's/^glibc //p')
[ -n "$GLIBC" ] || GLIBC=$(ldd --version 2>/dev/null | sed -n '1s/.* \([0-9][0-9]*\.[0-9][0-9]*\)$/\1/p')
if [ -n "$GLIBC" ]; then
  major=${GLIBC%%.*}
  minor=${GLIBC#*.}
  minor=${minor%%.*}
  if [ "$major" -lt 2 ] || { [ "$major" -eq 2 ] && [ "$minor" -lt 34 ]; }; then
    die_env "glibc $GLIBC is too old: dawn.node needs glibc 2.34 or newer" \
      "Ubuntu 22.04+, Debian 12+, RHEL/Rocky/Alma 9+ have it; on an older system run the kit in such a container (with the GPU passed through)."
  fi
  say "machine: $(uname -srm), glibc $GLIBC"
else
  say "machine: $(uname -srm); glibc version unknown (musl-based systems such as Alpine cannot run the kit's Node)"
fi

# --- unpack -------------------------------------------------------------------------------------------
# Into the first temporary folder where a program may run (some servers mount /tmp noexec).
for base in "${TMPDIR:-/tmp}" /tmp /var/tmp "$OUT"; do
  [ -d "$base" ] && [ -w "$base" ] || continue
  WORK=$(mktemp -d "$base/mlsys-gpu-kit.XXXXXX" 2>/dev/null) || { WORK=''; continue; }
  mkdir -p "$WORK/bin"
  if ! xz -dc "$KIT_DIR/node.xz" >"$WORK/bin/node"; then
    die_env "cannot unpack $KIT_DIR/node.xz into $base (corrupt copy, or the disk is full?)"
  fi
  chmod 755 "$WORK/bin/node"
  if NODE_VERSION=$("$WORK/bin/node" --version 2>"$WORK/node-error.txt"); then break; fi
  NODE_ERROR=$(cat "$WORK/node-error.txt")
  if grep -q 'GLIBC_' "$WORK/node-error.txt"; then
    die_env "the kit's Node cannot run here: $NODE_ERROR" "dawn.node and Node need glibc 2.34 or newer."
  fi
  say "cannot run programs from $base ($NODE_ERROR); trying the next folder"
  rm -rf -- "$WORK"
  WORK=''
done
[ -n "$WORK" ] || die_env "found no temporary folder from which the kit's Node can run (tried \$TMPDIR, /tmp, /var/tmp, OUT_DIR)" \
  "Set TMPDIR to a writable folder on a filesystem mounted without noexec."
for part in runtime app; do
  xz -dc "$KIT_DIR/$part.tar.xz" >"$WORK/$part.tar" && tar -xf "$WORK/$part.tar" -C "$WORK" && rm -f "$WORK/$part.tar" ||
    die_env "cannot unpack $KIT_DIR/$part.tar.xz (corrupt copy, or the disk is full?)"
done
NODE=$WORK/bin/node
APP=$WORK/app
say "unpacked the kit (Node $NODE_VERSION, dawn.node, bundled CLIs) into $WORK"

unset NODE_OPTIONS NODE_PATH
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$WORK}"
[ -n "$ADAPTER" ] && export WORKBENCH_ADAPTER="$ADAPTER"

# dawn.node needs libstdc++ with GLIBCXX_3.4.30 (GCC 12); RHEL/Rocky 9 ship GCC 11's: use the
# kit's copy then.
DAWN=$WORK/node_modules/webgpu/dist/linux-x64/dawn.node
if ! "$NODE" -e 'require(process.argv[1])' "$DAWN" >/dev/null 2>"$WORK/dawn-error.txt"; then
  if grep -q 'GLIBCXX\|libstdc++' "$WORK/dawn-error.txt"; then
    export LD_LIBRARY_PATH="$WORK/lib/compat${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    say "the system's libstdc++ is older than dawn.node needs: using the kit's (GCC 12)"
  fi
  "$NODE" -e 'require(process.argv[1])' "$DAWN" >/dev/null 2>"$WORK/dawn-error.txt" ||
    die_env "cannot load dawn.node: $(head -n 3 "$WORK/dawn-error.txt")"
fi

# --- Vulkan loader and driver ----------------------------------------------------------------------------
has_system_loader() {
  for ldc in ldconfig /sbin/ldconfig /usr/sbin/ldconfig; do
    if "$ldc" -p 2>/dev/null | grep -q 'libvulkan\.so\.1 .*x86-64'; then return 0; fi
  done
  for d in $(printf '%s' "${LD_LIBRARY_PATH:-}" | tr ':' ' ') /usr/lib/x86_64-linux-gnu /lib/x86_64-linux-gnu /usr/lib64 /lib64 /usr/local/lib; do
    [ -e "$d/libvulkan.so.1" ] && return 0
  done
  return 1
}
# GPU_KIT_LOADER=bundled uses the kit's loader even where the system has one (an old system
# loader, or to test the kit's copy); GPU_KIT_LOADER=system never uses the kit's.
case ${GPU_KIT_LOADER:-auto} in
  bundled) LOADER=bundled ;;
  system) LOADER=system ;;
  *) if has_system_loader; then LOADER=system; else LOADER=bundled; fi ;;
esac
if [ $LOADER = system ]; then
  say "Vulkan loader: the system's libvulkan.so.1"
else
  export LD_LIBRARY_PATH="$WORK/lib/vulkan${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  if [ "${GPU_KIT_LOADER:-auto}" = bundled ]; then
    say "Vulkan loader: the kit's copy (GPU_KIT_LOADER=bundled)"
  else
    say "Vulkan loader: none on this machine (Debian/Ubuntu package libvulkan1, RHEL vulkan-loader); using the kit's copy"
  fi
fi

ICD_DIRS='/usr/share/vulkan/icd.d /etc/vulkan/icd.d /usr/local/nvidia/share/vulkan/icd.d /usr/local/share/vulkan/icd.d'
# Hardware drivers first (NVIDIA, AMD, Intel, then others), CPU emulation (lavapipe, SwiftShader) last.
icd_rank() {
  case $(basename "$1" | tr 'A-Z' 'a-z') in
    *lvp*|*lavapipe*|*swiftshader*) echo 9 ;;
    *nvidia*) echo 1 ;;
    *radeon*|*amd*) echo 2 ;;
    *intel*) echo 3 ;;
    *) echo 5 ;;
  esac
}
is_software_icd() { [ "$(icd_rank "$1")" = 9 ]; }
list_icds() {
  seen=' '
  for d in $ICD_DIRS; do
    for f in "$d"/*.json; do
      [ -f "$f" ] || continue
      b=$(basename "$f")
      case $b in *i686*|*i386*|*x86.json|*armhf*|*aarch64*) continue ;; esac
      case $seen in *" $b "*) continue ;; esac
      seen="$seen$b "
      echo "$(icd_rank "$f") $f"
    done
  done | sort -n -k1,1 | sed 's/^[0-9]* //'
}
# The driver's own libraries may sit beside its ICD file, outside the linker's path
# (e.g. /usr/local/nvidia/lib64 in NVIDIA containers).
add_driver_libs() {
  prefix=${1%/share/vulkan/icd.d/*}
  [ "$prefix" = "$1" ] && return
  case $prefix in ''|/usr|/usr/local) return ;; esac
  for d in "$prefix/lib64" "$prefix/lib"; do
    [ -d "$d" ] || continue
    case ":${LD_LIBRARY_PATH:-}:" in *":$d:"*) ;; *) export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$d" ;; esac
  done
}

# Opens the adapter through the ICD in $1 (or the environment's when empty) within 60 s;
# writes adapter.json on success.
try_adapter() {
  if [ -n "$1" ]; then
    export VK_ICD_FILENAMES="$1" VK_DRIVER_FILES="$1"
    add_driver_libs "$1"
  fi
  "$NODE" "$APP/adapter.mjs" --json </dev/null >"$WORK/adapter.json" 2>"$WORK/adapter-error.txt" &
  CHILD=$!
  n=0
  while kill -0 "$CHILD" 2>/dev/null && [ $n -lt 600 ]; do sleep_tick; n=$((n + TICKS_PER_S_INV)); done
  if [ $n -ge 600 ]; then
    kill -KILL "$CHILD" 2>/dev/null
    echo "error: no answer from the driver within 60 s" >>"$WORK/adapter-error.txt"
  fi
  wait "$CHILD"
  rc=$?
  CHILD=''
  [ $rc = 0 ] && [ -s "$WORK/adapter.json" ] && cp "$WORK/adapter.json" "$OUT/adapter.json"
}
# The driver's own words from the last adapter attempt (Vulkan warnings, not stack lines or our
# generic "no adapter" message).
driver_error() {
  grep -v '^[[:space:]]*at \|^[[:space:]]*$\|found no Vulkan adapter' "$WORK/adapter-error.txt" 2>/dev/null | tail -n 2 | tr '\n' ' '
}
# Sleeps a tenth of a second where sleep takes fractions (GNU, busybox), else a second.
if sleep 0.1 2>/dev/null; then
  sleep_tick() { sleep 0.1; }
  TICKS_PER_S_INV=1
else
  sleep_tick() { sleep 1; }
  TICKS_PER_S_INV=10
fi

FOUND=0
if [ -n "${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}" ]; then
  ICD=${VK_DRIVER_FILES:-$VK_ICD_FILENAMES}
  ICD_SOURCE=environment
  say "Vulkan driver: $ICD (from $([ -n "${VK_DRIVER_FILES:-}" ] && echo VK_DRIVER_FILES || echo VK_ICD_FILENAMES))"
  for f in $(printf '%s' "$ICD" | tr ':' ' '); do
    [ -f "$f" ] || say "warning: $f does not exist"
  done
  try_adapter "$ICD" && FOUND=1
else
  ICD_SOURCE=search
  CANDIDATES=$(list_icds)
  if [ -z "$CANDIDATES" ]; then
    die_env "no Vulkan driver (ICD file) found in $ICD_DIRS" \
      "NVIDIA: the driver's Vulkan part (Debian/Ubuntu: the nvidia-driver / libnvidia-gl-<version> package; in a container, run with --gpus all and NVIDIA_DRIVER_CAPABILITIES=all or compute,utility,graphics so the runtime mounts nvidia_icd.json and libGLX_nvidia)." \
      "AMD or Intel: mesa-vulkan-drivers (Debian/Ubuntu) or mesa-vulkan-drivers (RHEL/Rocky)." \
      "Or point VK_ICD_FILENAMES at the driver's ICD .json file."
  fi
  say "Vulkan drivers found: $(printf '%s' "$CANDIDATES" | tr '\n' ' ')"
  for f in $CANDIDATES; do
    if is_software_icd "$f" && [ $ALLOW_EMULATION = 0 ]; then
      say "skipping $f: CPU emulation, not a GPU (pass --allow-emulation to run on it anyway)"
      continue
    fi
    say "trying $f"
    if try_adapter "$f"; then
      ICD=$f
      FOUND=1
      break
    fi
    detail "no adapter through it: $(driver_error)"
  done
fi

if [ $FOUND = 0 ]; then
  # The loader's own account of what it tried, for the report.
  VK_LOADER_DEBUG=error,warn,driver "$NODE" "$APP/adapter.mjs" --json </dev/null >/dev/null 2>"$OUT/vulkan-loader-debug.log"
  hints="WebGPU (dawn.node on Vulkan) found no adapter."
  [ -n "$(driver_error)" ] && hints="$hints The driver said: $(driver_error)"
  devs=''
  [ -e /dev/nvidiactl ] || [ -e /dev/nvidia0 ] || devs="No /dev/nvidia* device nodes: no NVIDIA kernel driver here, or a container started without --gpus."
  [ -d /dev/dri ] || devs="$devs No /dev/dri (no AMD/Intel render nodes)."
  die_env "no GPU adapter" "$hints" "$devs" \
    "Check: the driver's ICD file exists and names a library the linker finds (ldconfig -p | grep -i nvidia), and vulkaninfo --summary (package vulkan-tools) lists the GPU." \
    "The loader's log is in $OUT/vulkan-loader-debug.log."
fi

DESC=$(sed -n 's/^  "description": "\(.*\)",$/\1/p' "$OUT/adapter.json")
VENDOR=$(sed -n 's/^  "vendor": "\(.*\)",$/\1/p' "$OUT/adapter.json")
ARCHI=$(sed -n 's/^  "architecture": "\(.*\)",$/\1/p' "$OUT/adapter.json")
if grep -q '"isFallbackAdapter": true' "$OUT/adapter.json"; then EMULATION=true; fi
for f in $(printf '%s' "$ICD" | tr ':' ' '); do is_software_icd "$f" && EMULATION=true; done
say "adapter: $DESC ($VENDOR/$ARCHI)$([ $EMULATION = true ] && echo ' — CPU emulation')"
[ $EMULATION = true ] && PEERS_NOTE="$PEERS_NOTE_EMULATION"
if [ $EMULATION = true ]; then
  say "CPU-emulation adapter: running the smallest settings (the kit's test mode); its timings are not GPU performance"
  if [ $BUDGET_GIVEN = 0 ]; then
    BUDGET=640
    say "CPU emulation: time budget ${BUDGET}s (the 2 and 8 minutes are for GPUs)"
  fi
fi
say "peers: $PEERS_NOTE"

# --- steps ------------------------------------------------------------------------------------------------
MODE=full
[ $QUICK = 1 ] && MODE=quick
[ $EMULATION = true ] && MODE=emulation
plan_for "$MODE" >"$WORK/plan.txt"
# Experiments the plan does not name (added after this run.sh was written) run with defaults.
"$NODE" "$APP/experiment.mjs" --list </dev/null 2>/dev/null | sed -n 's/^\([a-z0-9][a-z0-9-]*\) — .*/\1/p' >"$WORK/known.txt"
while IFS= read -r exp; do
  grep -q "^[^|]*|$exp|" "$WORK/plan.txt" && continue
  case $MODE in
    full) echo "$exp|$exp|$DEFAULT_CAP_FULL|5|" ;;
    quick) echo "$exp|$exp|$DEFAULT_CAP_QUICK|5|" ;;
    *) echo "$exp|$exp|0|5|skip:not in the kit's plan (run.sh), and its default settings may take many minutes on CPU emulation" ;;
  esac >>"$WORK/plan.txt"
done <"$WORK/known.txt"
if [ -n "$ONLY" ]; then
  : >"$WORK/plan.only"
  for id in $(printf '%s' "$ONLY" | tr ',' ' '); do
    grep "^$id|" "$WORK/plan.txt" >>"$WORK/plan.only" || say "warning: --only: no step '$id' (steps: $(cut -d'|' -f1 "$WORK/plan.txt" | tr '\n' ' '))"
  done
  mv "$WORK/plan.only" "$WORK/plan.txt"
fi
TOTAL=$(grep -c . "$WORK/plan.txt")
# A few seconds are kept for stopping a step at its box and writing the summary.
DEADLINE=$((T_START + BUDGET - 5))

# Runs one command in the background with a time box, echoing its new stderr lines as they come.
# Sets STEP_RC (the exit code; 124 when it was stopped at the time box).
run_boxed() { # cap stdout-file log-file cmd...
  cap=$1 out=$2 log=$3
  shift 3
  "$@" </dev/null >"$out" 2>"$log" &
  CHILD=$!
  t0=$(date +%s)
  shown=0
  timed_out=0
  while kill -0 "$CHILD" 2>/dev/null; do
    sleep_tick
    n=$(grep -c '' "$log" 2>/dev/null)
    n=${n:-0}
    # Whole lines only: the last one may still be written.
    [ -n "$(tail -c 1 "$log" 2>/dev/null)" ] && n=$((n - 1))
    if [ "$n" -gt "$shown" ]; then
      sed -n "$((shown + 1)),${n}p" "$log" | while IFS= read -r l; do printf '        %s\n' "$l"; done
      shown=$n
    fi
    if [ $(($(date +%s) - t0)) -ge "$cap" ]; then
      timed_out=1
      kill -TERM "$CHILD" 2>/dev/null
      k=0
      while kill -0 "$CHILD" 2>/dev/null && [ $k -lt 30 ]; do sleep_tick; k=$((k + TICKS_PER_S_INV)); done
      kill -0 "$CHILD" 2>/dev/null && kill -KILL "$CHILD" 2>/dev/null
      break
    fi
  done
  wait "$CHILD"
  STEP_RC=$?
  CHILD=''
  n=$(grep -c '' "$log" 2>/dev/null)
  n=${n:-0}
  [ "$n" -gt "$shown" ] && sed -n "$((shown + 1)),${n}p" "$log" | while IFS= read -r l; do printf '        %s\n' "$l"; done
  [ $timed_out = 1 ] && STEP_RC=124
  return 0
}

OK_COUNT=0
BAD_COUNT=0
i=0
while [ $i -lt "$TOTAL" ]; do
  i=$((i + 1))
  IFS='|' read -r id exp cap min args <<EOF
$(sed -n "${i}p" "$WORK/plan.txt")
EOF
  tag="($i/$TOTAL) $id"
  case $args in
    skip:*)
      say "$tag: skipped: ${args#skip:}"
      add_step_json "$id" "$exp" skipped null 0 "$cap" '' '' "${args#skip:}"
      continue
      ;;
  esac
  # Leave each later step at least its minimum.
  reserve=0
  sed -n "$((i + 1)),\$p" "$WORK/plan.txt" >"$WORK/rest.txt"
  while IFS='|' read -r _ _ _ m a; do
    case $a in skip:*) ;; *) reserve=$((reserve + m)) ;; esac
  done <"$WORK/rest.txt"
  left=$((DEADLINE - $(date +%s) - reserve))
  box=$cap
  [ "$left" -lt "$box" ] && box=$left
  if [ "$box" -lt "$min" ]; then
    say "$tag: skipped: out of time (budget ${BUDGET}s)"
    add_step_json "$id" "$exp" skipped null 0 "$cap" "$args" '' 'out of time'
    BAD_COUNT=$((BAD_COUNT + 1))
    continue
  fi
  say "$tag: experiment $exp $args (time box ${box}s)"
  rm -f "$OUT/$id".*
  t0=$(date +%s)
  set -f
  # shellcheck disable=SC2086 # the plan's args are words without spaces
  run_boxed "$box" "$OUT/$id.json" "$OUT/$id.log" "$NODE" "$APP/experiment.mjs" "$exp" $args --json --out "$OUT/$id.csv"
  set +f
  secs=$(($(date +%s) - t0))
  files=''
  for f in "$OUT/$id.json" "$OUT/$id.csv" "$OUT/$id".*.csv; do
    [ -s "$f" ] || continue
    files="$files${files:+, }$(json_str "$(basename "$f")")"
  done
  [ -s "$OUT/$id.json" ] || rm -f "$OUT/$id.json"
  ncsv=$(ls "$OUT/$id".csv "$OUT/$id".*.csv 2>/dev/null | grep -c .)
  if [ $STEP_RC = 0 ]; then
    say "$tag: ok in ${secs}s: $id.json, $ncsv CSV file(s)"
    add_step_json "$id" "$exp" ok 0 "$secs" "$box" "$args" "$files" ''
    OK_COUNT=$((OK_COUNT + 1))
  elif [ $STEP_RC = 124 ]; then
    say "$tag: TIMED OUT after ${secs}s (time box ${box}s); its progress is in $id.log"
    add_step_json "$id" "$exp" timeout 124 "$secs" "$box" "$args" "$files" 'stopped at its time box'
    BAD_COUNT=$((BAD_COUNT + 1))
  else
    why=$(grep '^error' "$OUT/$id.log" | tail -n 1)
    say "$tag: FAILED (exit $STEP_RC) in ${secs}s: ${why:-see $id.log}"
    add_step_json "$id" "$exp" failed "$STEP_RC" "$secs" "$box" "$args" "$files" "$why"
    BAD_COUNT=$((BAD_COUNT + 1))
  fi
done

[ $BAD_COUNT = 0 ] || STATUS=incomplete
write_summary
say "done in $(elapsed)s: $OK_COUNT step(s) ok, $BAD_COUNT not; adapter $DESC"
say "results: $OUT (summary.json, run.log, <step>.json, <step>*.csv)"
[ $BAD_COUNT = 0 ] || exit 1
exit 0

#!/usr/bin/env bash
# Runs on a lent CUDA machine (PyTorch there, no Node), from a working tree that holds .devpack/ (see README.md here).
#   remote.sh setup          unpack tools + data chunk 1 into /opt/gpu, build the addon against PyTorch's libtorch,
#                            and time 40 CUDA iterations (it/s into /opt/gpu/rate)
#   remote.sh all SECONDS    both in one call (when the machine of a setup call went back)
#   remote.sh train SECONDS  add data chunk 2 where it came, then train runs A and B side by side for SECONDS, Ctrl-C at the end
#                            (each saves a checkpoint), and put their weights and samples into $OUT
# Which runs (environment, set on the call's command line): A and B the two configurations (default the eased line's
# flow-change-eased and flow-change-mouth), BATCH their batch (default 25), SMOKE the smoke test's configuration
# (default A), EMA the generator's weight average (default 0.995, as the frontier's stages; 0 for none: then G comes
# back, else its average G-ema, the one to export and to continue from), A_ARGS and B_ARGS more `ganimate train` flags
# for one run (split at spaces: `B_ARGS="--critic-first 200 --loss part=4"`). Each starts from the packed state
# (pack-tools.sh's second argument). DEVICE=cpu (with GPU_DIR and OUT) runs the same steps on a machine without CUDA,
# to check a pack before a lent window is spent on it.
set -uo pipefail
G=${GPU_DIR:-/opt/gpu}
A=${A:-flow-change-eased}
B=${B:-flow-change-mouth}
BATCH=${BATCH:-25}
EMA=${EMA:-0.995}
DEVICE=${DEVICE:-cuda}
pack=$(pwd)/.devpack
export PATH=$G/bin:$PATH
say() { echo "[$(date +%T)] $*"; }

build() {
  local torch abi inc lib cuda=""
  torch=$(python3 -c 'import os, torch; print(os.path.dirname(torch.__file__))') || return 1
  abi=$(python3 -c 'import torch; print(int(torch._C._GLIBCXX_USE_CXX11_ABI))')
  inc=${TORCH_INC:-$torch/include}; lib=${TORCH_LIB:-$torch/lib}
  [ -f $lib/libtorch_cuda.so ] && cuda="-ltorch_cuda -lc10_cuda"
  say "torch $(python3 -c 'import torch; print(torch.__version__, torch.cuda.is_available() and torch.cuda.get_device_name(0))') at $torch, abi $abi, libs $lib ${cuda:+(CUDA)}"
  mkdir -p $G/ga/native/build/Release $G/obj
  local flags="-O2 -fPIC -DNAPI_VERSION=8 -DNAPI_CPP_EXCEPTIONS -DNODE_GYP_MODULE_NAME=ganimate_torch -DBUILDING_NODE_EXTENSION -D_GLIBCXX_USE_CXX11_ABI=$abi -Wno-deprecated-declarations -I$G/ga/napi -I$G/ga/node_modules/node-addon-api -I$inc -I$inc/torch/csrc/api/include"
  for std in c++17 c++20; do
    local pids=() ok=1
    for f in $G/ga/native/src/*.cc; do
      g++ -std=$std $flags -c "$f" -o $G/obj/$(basename "$f" .cc).o 2> $G/obj/$(basename "$f" .cc).log &
      pids+=($!)
    done
    for p in "${pids[@]}"; do wait $p || ok=0; done
    if [ $ok = 1 ]; then say "compiled as $std"; break; fi
    say "compile as $std failed:"; grep -h -m3 error $G/obj/*.log
    [ $std = c++20 ] && return 1
  done
  g++ -shared -o $G/ga/native/build/Release/ganimate_torch.node $G/obj/*.o -L$lib -Wl,-rpath,$lib \
    -Wl,--no-as-needed -ltorch -ltorch_cpu -lc10 $cuda -Wl,--as-needed || return 1
  (cd $G/ga && node -e "const t=require('./native/build/Release/ganimate_torch.node'); console.log('addon', t.version(), 'cuda devices', t.cudaDeviceCount())")
}

train() { # name config seed runs-dir [extra...]
  local name=$1 config=$2 seed=$3 runs=$4; shift 4
  (cd $G/ga && node bin/ganimate.js train --data $G/data --config $config --init-g state/G.safetensors \
    --init-d state/D.safetensors --device $DEVICE --threads 4 --ema $EMA --seed $seed --runs $runs "$@") > $G/$name.log 2>&1
}

case ${1:-} in
setup)
  say "unpacking"; mkdir -p $G/data
  tar -C $G -xJf $pack/tools.tar.xz && tar -C $G/data -xf $pack/data1.tar || exit 3
  cp $G/data/train_ids.1.csv $G/data/train_ids.csv
  build || { say "build failed"; exit 4; }
  say "smoke: 40 iterations of ${SMOKE:-$A}, batch $BATCH"
  train smoke ${SMOKE:-$A} 29 $G/runs-smoke --iterations 40 --batch-size $BATCH --epochs 1 --decay-epochs 0
  rc=$?; tail -c 1500 $G/smoke.log | tr '\r' '\n' | tail -8
  [ $rc = 0 ] || exit 5
  python3 - $G <<'PY'
import json, sys
rows = [json.loads(l) for l in open(next(__import__('glob').iglob(sys.argv[1] + '/runs-smoke/*/stats.jsonl')))]
print('stats rows', len(rows), 'last', {k: rows[-1][k] for k in list(rows[-1])[:12]})
PY
  grep -ho '[0-9.]* it/s' $G/smoke.log | tail -1 | cut -d' ' -f1 > $G/rate; say "rate $(cat $G/rate) it/s"
  ;;
train)
  secs=${2:?SECONDS}
  [ -x $G/ga/native/build/Release/ganimate_torch.node ] || { say "no setup here (the machine went back?)"; exit 3; }
  [ -f $pack/dist.tar.xz ] && { rm -rf $G/ga/dist; tar -C $G/ga -xJf $pack/dist.tar.xz; say "dist replaced"; }
  if [ -f $pack/data2.tar ]; then tar -C $G/data -xf $pack/data2.tar || exit 3; fi
  cat $G/data/train_ids.[0-9].csv > $G/data/train_ids.csv
  n=$(wc -l < $G/data/train_ids.csv); rate=$(cat $G/rate)
  # iterations that fit, two runs sharing the machine; 70 % at the full rate, 30 % decaying (the eased recipe's split)
  read ep dec < <(python3 -c "it=$rate*0.85*($secs-60); e=it*$BATCH/$n; print(round(e*0.7,4), round(e*0.3,4))")
  say "$n train faces, rate $rate it/s, epochs $ep + $dec; a: $A, b: $B, batch $BATCH"
  # shellcheck disable=SC2086 # the flags split at spaces
  train a $A 30 $G/runs-a --batch-size $BATCH --epochs $ep --decay-epochs $dec ${A_ARGS:-} & pa=$!
  # shellcheck disable=SC2086
  train b $B 31 $G/runs-b --batch-size $BATCH --epochs $ep --decay-epochs $dec ${B_ARGS:-} & pb=$!
  end=$(( $(date +%s) + secs ))
  while [ $(date +%s) -lt $end ] && { kill -0 $pa 2>/dev/null || kill -0 $pb 2>/dev/null; }; do sleep 5; done
  pkill -INT -f 'bin/ganimate.js train'; wait $pa $pb
  for r in a b; do
    d=$(ls -d $G/runs-$r/*/ | sort | tail -1); tail -c 600 $G/$r.log | tr '\r' '\n' | tail -3
    ck=$(ls -d $d/checkpoints/*/ 2>/dev/null | sort | tail -1)
    src=$([ -f $d/G.safetensors ] && echo $d || echo $ck); say "$r: weights from $src"
    g=G; [ -f $src/G-ema.safetensors ] && g=G-ema
    cp $src/$g.safetensors $OUT/$r-$g.safetensors; cp $src/D.safetensors $OUT/$r-D.safetensors
    s=$(ls $d/samples/*.png 2>/dev/null | sort | tail -1)
    tar -C $d -cf $OUT/$r-run.tar options.json stats.jsonl ${s:+samples/$(basename $s)} $(cd $d && ls loss-curves.png 2>/dev/null)
    cp $G/$r.log $OUT/$r-log.txt 2>/dev/null
  done
  ls -l $OUT
  ;;
all) # setup and train in one call, on chunk 1's faces (and chunk 2's where it came too)
  "$0" setup && "$0" train "${2:?SECONDS}"
  ;;
*) echo "usage: remote.sh setup | train SECONDS"; exit 2 ;;
esac

#!/usr/bin/env bash
# AdapterFusion end to end with the `adapters` command (the seed's run_glue + run_fusion_glue), bundled model:
#  1. a pfeiffer task adapter per source task (SST-2, MRPC, CoLA) and on the target RTE;
#  2. each source adapter frozen under a new RTE head (bench/adapter-probe.mjs): the single-adapter baseline;
#  3. dynamic AdapterFusion of all four on RTE (fusion + head train, adapters frozen), then the saved fusion
#     reloaded in a fresh process by `adapters eval` (must print the same dev score);
#  4. the seed's third command: fusion on SST-2 from the same adapters.
# Usage: bash bench/fusion-glue-cli.sh [output-dir]   (needs `npm run build`; RTE_ADAPTER=dir reuses one)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-bench/results/fusion-cli}
MODEL=models/bert-tiny-mlm
GLUE=../shared/data/glue
adapters() { echo "+ adapters $*" >&2; /usr/bin/time -f "wall %es, peak RSS %MkB" npx adapters "$@"; }
common=(--model_name_or_path "$MODEL" --do_train --do_eval --per_device_train_batch_size 32 --overwrite_output_dir --disable_tqdm)

adapters glue "${common[@]}" --task_name SST-2 --data_dir $GLUE/SST-2 --max_train_samples 8000 --max_seq_length 64 \
  --learning_rate 1e-3 --num_train_epochs 1 --output_dir "$OUT/sst-2" --train_adapter --adapter_config pfeiffer
adapters glue "${common[@]}" --task_name MRPC --data_dir $GLUE/MRPC --max_seq_length 128 \
  --learning_rate 1e-3 --num_train_epochs 2 --output_dir "$OUT/mrpc" --train_adapter --adapter_config pfeiffer
adapters glue "${common[@]}" --task_name CoLA --data_dir $GLUE/CoLA --max_seq_length 64 \
  --learning_rate 1e-3 --num_train_epochs 1 --output_dir "$OUT/cola" --train_adapter --adapter_config pfeiffer
RTE_ADAPTER=${RTE_ADAPTER:-}
if [ -z "$RTE_ADAPTER" ]; then
  adapters glue "${common[@]}" --task_name RTE --data_dir $GLUE/RTE --max_seq_length 128 \
    --learning_rate 1e-3 --num_train_epochs 3 --output_dir "$OUT/rte" --train_adapter --adapter_config pfeiffer
  RTE_ADAPTER=$OUT/rte/rte
fi
SOURCES=("$OUT/sst-2/sst-2" "$OUT/mrpc/mrpc" "$OUT/cola/cola")

node bench/adapter-probe.mjs --task RTE --data-dir $GLUE/RTE --epochs 10 --lr 1e-3 --adapters "${SOURCES[@]}" | tee "$OUT/probe-rte.jsonl"

adapters fusion "${common[@]}" --task_name RTE --data_dir $GLUE/RTE --max_seq_length 128 --learning_rate 5e-4 \
  --num_train_epochs 3 --output_dir "$OUT/fusion-rte" --fusion_adapters "${SOURCES[@]}" "$RTE_ADAPTER" --fusion_config dynamic
FUSION=$(find "$OUT/fusion-rte" -maxdepth 2 -name adapter_fusion_config.json -printf '%h\n' | head -1)
adapters eval --model_name_or_path "$MODEL" --task_name RTE --data_dir $GLUE/RTE --max_seq_length 128 \
  --load_adapter "${SOURCES[@]}" "$RTE_ADAPTER" --load_fusion "$FUSION" --load_head "$OUT/fusion-rte/rte"

adapters fusion "${common[@]}" --task_name SST-2 --data_dir $GLUE/SST-2 --max_train_samples 4000 --max_seq_length 64 \
  --learning_rate 5e-4 --num_train_epochs 1 --output_dir "$OUT/fusion-sst-2" --fusion_adapters "$RTE_ADAPTER" "${SOURCES[@]:1}" --fusion_config dynamic

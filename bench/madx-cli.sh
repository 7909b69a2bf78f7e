#!/usr/bin/env bash
# MAD-X with the `adapters` command and the bundled model: two invertible language adapters (seq_bn_inv) trained
# with masked LM on different text (wikitext-2 as `en`, tinyshakespeare as `shakespeare`), a task adapter
# trained on SST-2 on top of Stack(en, sst-2) with `en` frozen, then the dev score with the language adapter it
# was trained with and with the other one swapped in at inference (zero-shot transfer).
# Usage: bash bench/madx-cli.sh [output-dir]   (needs `npm run build`)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-bench/results/madx-cli}
MODEL=models/bert-tiny-mlm
TEXT=../shared/data/text
adapters() { echo "+ adapters $*" >&2; /usr/bin/time -f "wall %es, peak RSS %MkB" npx adapters "$@"; }
lm=(--model_name_or_path "$MODEL" --mlm --train_adapter --adapter_config seq_bn_inv --do_train --do_eval --max_steps 300
  --per_device_train_batch_size 8 --learning_rate 1e-3 --overwrite_output_dir --disable_tqdm)

adapters lm "${lm[@]}" --language en --train_data_file $TEXT/wikitext-2/valid.txt --eval_data_file $TEXT/wikitext-2/test.txt --output_dir "$OUT/lm-en"
adapters lm "${lm[@]}" --language shakespeare --train_data_file $TEXT/tinyshakespeare/input.txt --eval_data_file $TEXT/wikitext-2/test.txt --output_dir "$OUT/lm-shakespeare"
adapters glue --model_name_or_path "$MODEL" --task_name SST-2 --data_dir ../shared/data/glue/SST-2 --do_train --do_eval \
  --max_train_samples 8000 --max_seq_length 64 --per_device_train_batch_size 32 --learning_rate 1e-3 --num_train_epochs 1 \
  --train_adapter --adapter_config pfeiffer --load_lang_adapter "$OUT/lm-en/en" --output_dir "$OUT/sst-2" --overwrite_output_dir --disable_tqdm
for lang in en shakespeare; do
  adapters eval --model_name_or_path "$MODEL" --task_name SST-2 --data_dir ../shared/data/glue/SST-2 --max_seq_length 64 \
    --load_adapter "$OUT/lm-$lang/$lang" "$OUT/sst-2/sst-2"
done

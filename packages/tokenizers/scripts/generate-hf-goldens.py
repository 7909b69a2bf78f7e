"""Writes src/__fixtures__/hf-goldens.json from Hugging Face's own tokenizers.

Reference: transformers 4.57.6 slow tokenizers (BertTokenizer, RobertaTokenizer, GPT2Tokenizer) for tokens, ids
and decoding; the Rust `tokenizers` 0.22.2 (fast) for character offsets, converted to UTF-16 code units. Run with
a Python that has both installed (no network needed: the vocabularies are read from ADAPTERS_DATA):

    python packages/tokenizers/scripts/generate-hf-goldens.py
"""
import json
import os
import sys
from pathlib import Path

from tokenizers import Tokenizer
from transformers import BertTokenizer, BertTokenizerFast, GPT2Tokenizer, GPT2TokenizerFast, RobertaTokenizer

PACKAGE = Path(__file__).resolve().parent.parent
REPO_ROOT = PACKAGE.parent.parent
DATA = Path(os.environ.get("ADAPTERS_DATA", REPO_ROOT / "../shared/data")).resolve()
VOCAB = DATA / "vocab"

COMMON_TEXTS = [
    "Hello, world!",
    "Hello world",
    "  leading and trailing spaces  ",
    "The café served crème brûlée.",
    "naïve façade — Zürich résumé",
    "cafe\u0301 re\u0301sume\u0301 (decomposed accents)",
    "中文字符 mixed with english",
    "日本語のテキスト and 한국어 텍스트",
    "don't stop-believing... (really)?!",
    "I'm sure they've, we're, you'll and he'd; it's John's.",
    "$100 costs ^^ `tick` ~tilde~ | pipe @home #tag",
    "emoji 😀 and ☃ and 👍🏽 thumbs",
    "control\x00char\u200bs and\xa0nbsp\ttab\nnewline\r\nend",
    "unaffable supercalifragilisticexpialidocious",
    "a" * 101,
    "x" * 100,
    "",
    "   ",
    "ΟΔΥΣΣΕΥΣ Σίσυφος",
    "İstanbul straße ﬁne ligature",
    "numbers 3.14159 and 1,000,000 and ٣٤٥",
    "tabs\tand\u2028line\u2029separators\u3000ideographic",
    "Mixed CASE WoRdS",
    "\ufeffBOM at start",
    "\u0301 lone combining mark",
    "Ｆｕｌｌｗｉｄｔｈ ＡＢＣ",
    "a\x1cb\x85c",
    "   multiple   spaces   here",
    "new\n\nlines\n",
    "Ångström Å Ω",
]

BERT_EXTRA = ["the [MASK] is [SEP] here [UNK]", "the[MASK]is", "[mask] lower-case is not special", "[CLS][SEP][PAD]"]
BPE_EXTRA = ["Hello <mask>!", "hello<mask>world", "<s>inside</s>", "end of text <|endoftext|> marker", " leading space"]

PAIRS = [
    ("Hello, world!", "How are you?"),
    ("The café served crème brûlée.", "naïve façade"),
    ("", "empty first"),
]


def utf16_offsets(text, offsets):
    positions = [0]
    for character in text:
        positions.append(positions[-1] + (2 if ord(character) > 0xFFFF else 1))
    return [[positions[start], positions[end]] for start, end in offsets]


def case(slow, fast, text):
    ids = slow.encode(text)
    fast_encoding = fast.encode(text)
    return {
        "text": text,
        "tokens": slow.tokenize(text),
        "ids": ids,
        "decoded": slow.decode(ids),
        "decoded_skip_special": slow.decode(ids, skip_special_tokens=True),
        "fast_ids": fast_encoding.ids,
        "fast_offsets": utf16_offsets(text, fast_encoding.offsets),
    }


def pair_case(slow, first, second):
    encoding = slow(first, second, return_token_type_ids=True)
    return {
        "text": first,
        "pair": second,
        "ids": encoding["input_ids"],
        "token_type_ids": encoding["token_type_ids"],
    }


def truncation_cases(slow):
    cases = []
    for first, second in [("one two three four five six seven", "eight nine ten"), ("one two", "three four five six seven eight nine ten")]:
        for strategy in ["longest_first", "only_first", "only_second"]:
            for max_length in [8, 10]:
                try:
                    encoding = slow(first, second, truncation=strategy, max_length=max_length, return_token_type_ids=True)
                except Exception:
                    continue
                if len(encoding["input_ids"]) > max_length:
                    continue  # HF only logs an error here; we throw instead.
                cases.append({"text": first, "pair": second, "strategy": strategy, "max_length": max_length,
                              "ids": encoding["input_ids"], "token_type_ids": encoding["token_type_ids"]})
    return cases


def tokenizer_entry(name, files, slow, fast, texts):
    # Fast-tokenizer post-processors add specials too, so fast ids line up with slow ids.
    return {
        "name": name,
        "files": files,
        "cases": [case(slow, fast, text) for text in texts],
        "pairs": [pair_case(slow, first, second) for first, second in PAIRS],
        "truncation": truncation_cases(slow),
    }


def main():
    uncased = VOCAB / "bert-base-uncased"
    cased = VOCAB / "bert-base-cased"
    gpt2 = VOCAB / "gpt2"
    roberta = VOCAB / "roberta-base"
    entries = [
        tokenizer_entry("bert-base-uncased", ["vocab.txt", "tokenizer.json"],
                        BertTokenizer(str(uncased / "vocab.txt"), do_lower_case=True),
                        Tokenizer.from_file(str(uncased / "tokenizer.json")), COMMON_TEXTS + BERT_EXTRA),
        tokenizer_entry("bert-base-cased", ["vocab.txt"],
                        BertTokenizer(str(cased / "vocab.txt"), do_lower_case=False),
                        BertTokenizerFast(str(cased / "vocab.txt"), do_lower_case=False)._tokenizer, COMMON_TEXTS + BERT_EXTRA),
        tokenizer_entry("gpt2", ["vocab.json", "merges.txt"],
                        GPT2Tokenizer(str(gpt2 / "vocab.json"), str(gpt2 / "merges.txt")),
                        GPT2TokenizerFast(str(gpt2 / "vocab.json"), str(gpt2 / "merges.txt"))._tokenizer, COMMON_TEXTS + BPE_EXTRA),
        tokenizer_entry("roberta-base", ["vocab.json", "merges.txt", "tokenizer.json"],
                        RobertaTokenizer(str(roberta / "vocab.json"), str(roberta / "merges.txt")),
                        Tokenizer.from_file(str(roberta / "tokenizer.json")), COMMON_TEXTS + BPE_EXTRA),
    ]
    import tokenizers
    import transformers
    output = {
        "generator": "packages/tokenizers/scripts/generate-hf-goldens.py",
        "reference": f"transformers {transformers.__version__} (slow tokenizers), tokenizers {tokenizers.__version__} (fast offsets)",
        "offsets": "UTF-16 code units",
        "tokenizers": entries,
    }
    target = PACKAGE / "src" / "__fixtures__" / "hf-goldens.json"
    target.write_text(json.dumps(output, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()

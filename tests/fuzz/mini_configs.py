#!/usr/bin/python3
"""mini_configs.py SRC DST - a small registry directory for fuzz_job: the shipped configs/ with
only a few hardware, model and region entries (all fabrics and calibration). Loading the full
registries costs ~100 ms under ASan per fuzz input; this subset keeps the job fuzzer at
hundreds of inputs per second while every key of the seed corpus still resolves.
Entries are cut out as text (each starts at a "  - key:" line), so the format is untouched."""
import os
import sys

KEEP = {
    "hardware.yaml": {"h100-sxm", "h200-sxm", "b200", "mi300x", "mi325x", "gaudi3", "tpu-v5p",
                      "l40s", "l4", "a100-sxm-80gb"},
    "models.yaml": {"llama31-8b", "llama31-70b", "llama31-405b", "mixtral-8x7b", "gpt3-175b",
                    "deepseek-v3", "qwen25-72b"},
    "regions.yaml": {"us", "france", "aws-us-east-1", "norway", "germany"},
}


def subset(text, keep):
    out, entry = [], None
    for line in text.splitlines(keepends=True):
        if line.startswith("  - key:"):
            if entry is not None and entry[0] in keep:
                out.extend(entry[1])
            entry = (line.split(":", 1)[1].strip(), [line])
        elif entry is not None and (line.startswith("  ") or not line.strip()):
            entry[1].append(line)
        else:  # a top-level line ends the current entry
            if entry is not None and entry[0] in keep:
                out.extend(entry[1])
            entry = None
            out.append(line)
    if entry is not None and entry[0] in keep:
        out.extend(entry[1])
    return "".join(out)


src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst, exist_ok=True)
for name in os.listdir(src):
    if not name.endswith(".yaml"):
        continue
    with open(os.path.join(src, name)) as f:
        text = f.read()
    if name in KEEP:
        text = subset(text, KEEP[name])
    with open(os.path.join(dst, name), "w") as f:
        f.write(text)

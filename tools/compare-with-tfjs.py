#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Compares our `summary` with TensorFlow.js's own Keras deserializer, layer by layer.

A developer's cross-check, not part of the test suite: TensorFlow.js Layers is an independent
implementation of Keras 2 deserialization and shape inference, so where it accepts a file its
output shapes and parameter counts must equal ours. It does not read Keras 3 configs, and it
rejects layers it does not implement (Lambda, Normalization, ...): those files are listed as
skipped with its reason.

    tools/compare-with-tfjs.py --oracle DIR/oracle.mjs --cli build/release/bin/keras-config-studio \
        FILE...

DIR is a copy of ../shared/tools/tfjs-oracle after `npm install`. Exit status 1 when any file
differs.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile


def run_json(args, timeout=120):
    """The JSON a command prints; None when it prints none or runs out of time (tfjs can spend
    minutes building large orthogonal initializers)."""
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
        return json.loads(done.stdout)
    except (subprocess.TimeoutExpired, json.JSONDecodeError):
        return None


def shape_text(shape):
    """tfjs's [null, 224, 3] as our "(None, 224, 3)"; nested lists for multi-output layers."""
    if isinstance(shape, list) and shape and isinstance(shape[0], list):
        return "[" + ", ".join(shape_text(s) for s in shape) + "]"
    items = ["None" if d is None else str(d) for d in shape]
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def normalise(text):
    return str(text).replace(" ", "").rstrip(",)").replace(",)", ")")


def compare(cli, oracle, path, workdir):
    info = run_json([cli, "info", "--json", path])
    if not info or info.get("dialect") not in ("keras1", "keras2"):
        return "skipped", "not a Keras 1/2 file"
    config = os.path.join(workdir, os.path.basename(path) + ".config.json")
    if subprocess.run([cli, "save", path, "--export-config", "-o", config],
                      capture_output=True).returncode != 0:
        return "skipped", "config could not be exported"
    theirs = run_json(["node", oracle, config])
    if not theirs:
        return "skipped", "the oracle gave no verdict within 2 minutes"
    if not theirs.get("ok"):
        return "skipped", "tfjs: " + (theirs.get("error") or "").splitlines()[0][:100]
    ours = run_json([cli, "summary", "--json", path])
    if not ours:
        return "DIFF", "our summary failed"
    by_name = {layer["name"]: layer for layer in ours["layers"]}
    differences = []
    for layer in theirs["layers"]:
        mine = by_name.get(layer["name"])
        if mine is None:
            # tfjs lists the InputLayer a Sequential creates implicitly; model.summary() does not.
            if layer["className"] == "InputLayer":
                continue
            differences.append(f"{layer['name']}: missing")
            continue
        if mine["params"] != layer["params"] or \
                normalise(mine["output_shape"]) != normalise(shape_text(layer["outputShape"])):
            differences.append(f"{layer['name']} ({layer['className']}): tfjs "
                               f"{shape_text(layer['outputShape'])} {layer['params']}, ours "
                               f"{mine['output_shape']} {mine['params']}")
    if ours["total_params"] != theirs["paramCount"]:
        differences.append(f"total: tfjs {theirs['paramCount']}, ours {ours['total_params']}")
    if differences:
        return "DIFF", "; ".join(differences[:5])
    return "same", f"{len(theirs['layers'])} layers, {theirs['paramCount']:,} parameters"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--oracle", required=True, help="path of oracle.mjs (after npm install)")
    parser.add_argument("--cli", required=True, help="path of keras-config-studio")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    failed = False
    counts = {"same": 0, "DIFF": 0, "skipped": 0}
    with tempfile.TemporaryDirectory() as workdir:
        for path in args.files:
            verdict, detail = compare(args.cli, args.oracle, path, workdir)
            counts[verdict] += 1
            failed |= verdict == "DIFF"
            print(f"{verdict:8} {os.path.basename(path)}: {detail}")
    print(f"{counts['same']} same, {counts['DIFF']} different, {counts['skipped']} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

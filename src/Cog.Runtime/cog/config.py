"""Finds the runner reference: cog.yaml `run:`/`predict:`/`train:`, else COG_PREDICT_TYPE_STUB/COG_TRAIN_TYPE_STUB."""

from __future__ import annotations

import os
import sys

from . import messages


def _top_level_keys(text: str) -> dict[str, str]:
    """Reads the flat `key: value` scalars of a YAML mapping; enough for the reference keys we need."""
    values = {}
    for line in text.splitlines():
        if not line or line[0] in " \t#-":
            continue
        key, sep, value = line.partition(":")
        if not sep:
            continue
        value = value.split(" #")[0].strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def runner_ref(mode: str = "predict", cwd: str | None = None, prefer_env: bool = False) -> str | None:
    env_var = "COG_TRAIN_TYPE_STUB" if mode == "train" else "COG_PREDICT_TYPE_STUB"
    env_value = os.environ.get(env_var, "").strip()
    if prefer_env and env_value:
        return env_value
    path = os.path.join(cwd or os.getcwd(), "cog.yaml")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            keys = _top_level_keys(f.read())
        if mode == "train":
            if keys.get("train"):
                return keys["train"]
        elif keys.get("run"):
            return keys["run"]
        elif keys.get("predict"):
            print("cog: warning: cog.yaml key 'predict' is deprecated; use 'run' instead", file=sys.stderr)
            return keys["predict"]
    return env_value or None


def missing_ref_message(mode: str = "predict") -> str:
    env_var = "COG_TRAIN_TYPE_STUB" if mode == "train" else "COG_PREDICT_TYPE_STUB"
    key = "train" if mode == "train" else "run"
    return f"ERROR: {env_var} environment variable is not set.\n" + messages.RuntimeNoRunnerConfigured.format(key, env_var)

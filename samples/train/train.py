import json
from collections import Counter

from cog import Input, Path


def train(
    words: str = Input(description="Training text: words separated by spaces"),
) -> Path:
    counts = Counter(words.split())
    weights = Path("/tmp/weights.json")
    weights.write_text(json.dumps(dict(counts), sort_keys=True))
    return weights

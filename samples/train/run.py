import json
import os

from cog import BaseRunner, Input


class Runner(BaseRunner):
    def setup(self) -> None:
        # `cog train` writes weights.json into the model folder, which is mounted at /src during `cog run`.
        self.counts = {}
        if os.path.exists("weights.json"):
            with open("weights.json") as file:
                self.counts = json.load(file)

    def run(self, word: str = Input(description="A word to look up")) -> int:
        return int(self.counts.get(word, 0))

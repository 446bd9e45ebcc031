import time

from cog import BaseRunner, ConcatenateIterator, Input


class Runner(BaseRunner):
    def run(
        self,
        text: str = Input(description="Words to stream back"),
        delay: float = Input(description="Seconds between words", default=0.05, ge=0, le=5),
    ) -> ConcatenateIterator[str]:
        for index, word in enumerate(text.split()):
            if index:
                time.sleep(delay)
            yield word if index == 0 else " " + word

from cog import BaseRunner, Input


class Runner(BaseRunner):
    def setup(self) -> None:
        self.greeting = "hello"

    def run(
        self,
        text: str = Input(description="Who to greet"),
        count: int = Input(description="How many times", default=1, ge=1, le=5),
        shout: bool = Input(description="Upper-case the greeting", default=False),
    ) -> str:
        line = f"{self.greeting} {text}"
        return " ".join([line.upper() if shout else line] * count)

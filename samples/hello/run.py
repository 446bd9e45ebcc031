from cog import BaseRunner, Input


class Runner(BaseRunner):
    def run(self, name: str = Input(description="Who to greet")) -> str:
        return f"hello {name}"

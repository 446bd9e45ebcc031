"""The runtime's coded messages (COG51xx), generated from the message table in
src/Cog.Build.Tasks/Diagnostics/Messages.Runtime.cs so that the runtime and the host word them alike. Do not edit:
the unit test RuntimeMessagesModuleTests fails when this file and the table differ, and rewrites it when run with
COG_UPDATE_GOLDENS=1."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Message:
    code: str
    text: str  # {0}, {1} … are filled in by format(), as the table's composite formats are

    def format(self, *args: object) -> str:
        """`COGnnnn: text` with the placeholders filled in."""
        return f"{self.code}: " + self.text.format(*args)


RuntimeNoRunnerConfigured = Message("COG5101", "no runner configured. Set '{0}: \"run.py:Runner\"' in cog.yaml in the current folder, or set {1}=file.py:Name.")
RuntimeSchemaGenerationFailed = Message("COG5102", "cannot generate the schema: {0}")
RuntimeRunnerImportFailed = Message("COG5103", "importing the runner failed: {0}")

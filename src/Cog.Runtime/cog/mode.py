"""`cog.mode`: whether the runtime serves predictions or trainings (`--x-mode`)."""

import enum


class Mode(enum.Enum):
    PREDICT = "predict"
    TRAIN = "train"

    def __str__(self) -> str:
        return self.value

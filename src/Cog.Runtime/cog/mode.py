"""`cog.mode`: whether the runtime serves predictions or trainings (`--x-mode`)."""

import enum


class Mode(enum.Enum):
    PREDICT = "predict"
    TRAIN = "train"

    def __str__(self):
        return self.value

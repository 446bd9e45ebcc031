"""cog.BaseModel: structured outputs declared as annotated classes that become dataclasses."""

import dataclasses
from typing import Any


class BaseModel:
    """Every subclass is turned into a dataclass; class keywords (e.g. frozen=True) go to dataclass()."""

    def __init_subclass__(cls, auto_dataclass: bool = True, **dataclass_options: Any) -> None:
        super().__init_subclass__()
        if not auto_dataclass:
            return
        bases = [b for b in cls.__bases__ if b is not object]
        if not bases or not issubclass(bases[0], BaseModel):
            raise TypeError(f"{cls.__name__}: the first base class must be a cog.BaseModel subclass")
        for base in bases[1:]:
            if dataclasses.is_dataclass(base) and not issubclass(base, BaseModel):
                raise TypeError(f"{cls.__name__}: dataclass mixins are not supported on cog.BaseModel")
        dataclasses.dataclass(cls, **dataclass_options)

"""`cog.errors`: the runtime's own exception types, named as upstream names them."""


class CogError(Exception):
    """Base of the errors the runtime raises about a model's setup (not the model's own errors)."""


class ConfigDoesNotExist(CogError):
    """There is no cog.yaml where one is needed."""


class PredictorNotSet(CogError):
    """Neither cog.yaml nor the environment names the runner (`run:`/`predict:`/`train:`)."""


class SchemaError(CogError, ValueError):
    """A runner signature the schema cannot express; the message names the parameter and the type."""

"""Prints the model's OpenAPI schema (run in the model folder; the build stores the output as an image label)."""

import os
import sys
import warnings


def main() -> int:
    from .. import __version__, config, messages, runner, schema
    override = os.environ.get("COG_OPENAPI_SCHEMA")
    if override:
        with open(override, encoding="utf-8") as f:
            sys.stdout.write(f.read())
        return 0
    predict_ref = config.runner_ref("predict")
    train_ref = config.runner_ref("train")
    if not predict_ref and not train_ref:
        print(config.missing_ref_message("predict"), file=sys.stderr)
        return 1
    version = os.environ.get("COG_VERSION") or __version__
    real_stdout = sys.stdout
    sys.stdout = sys.stderr  # user prints at import time must not end up in the schema text
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            parts = {}
            for kind, ref in (("predict", predict_ref), ("train", train_ref)):
                if ref:
                    _, method_name, method = runner.find_target(ref, kind)
                    parts[kind] = (method, method_name, schema.is_streaming(method))
            document = schema.build_document(version, **parts)
    except (schema.SchemaError, runner.RunnerLoadError, ValueError, TypeError) as exc:
        print(messages.RuntimeSchemaGenerationFailed.format(exc), file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the model's own code failed to import; its traceback is what helps
        import traceback
        print(messages.RuntimeRunnerImportFailed.format(f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        traceback.print_exc()
        return 1
    finally:
        sys.stdout = real_stdout
    sys.stdout.write(schema.document_text(document, merged=len(parts) == 2))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

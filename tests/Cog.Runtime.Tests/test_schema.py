"""The OpenAPI document (docs/http-api.md, "The OpenAPI schema"): the worked example verbatim, every supported type,
rejections, the command."""

import json
import os
import sys
import unittest

from harness import RUNNERS, model_dir, run_python

sys.path.insert(0, RUNNERS)

from cog import jsonwire, schema  # noqa: E402
from cog.runner import find_target  # noqa: E402

WORKED_INPUT = '''{"properties":{
 "prompt":{"description":"Text prompt","maxLength":500,"minLength":1,"title":"Prompt","type":"string","x-order":0},
 "image":{"default":null,"description":"Init image","format":"uri","nullable":true,"title":"Image","type":"string","x-order":1},
 "steps":{"default":25,"description":"Denoising steps","maximum":100,"minimum":1,"title":"Steps","type":"integer","x-order":2},
 "guidance":{"default":7.5,"maximum":20,"minimum":0,"title":"Guidance","type":"number","x-order":3},
 "scheduler":{"allOf":[{"$ref":"#/components/schemas/scheduler"}],"default":"ddim","x-order":4},
 "seed":{"description":"Random seed","title":"Seed","type":"integer","x-order":5},
 "api_key":{"default":null,"format":"password","nullable":true,"title":"Api Key","type":"string","writeOnly":true,"x-cog-secret":true,"x-order":6},
 "tags":{"default":[],"items":{"type":"string"},"title":"Tags","type":"array","x-order":7},
 "negative":{"default":null,"nullable":true,"title":"Negative","type":"string","x-order":8},
 "old_flag":{"default":false,"deprecated":true,"title":"Old Flag","type":"boolean","x-order":9},
 "value":{"anyOf":[{"type":"string"},{"type":"number"}],"default":1.5,"title":"Value","x-order":10}},
 "required":["prompt","seed"],"title":"Input","type":"object"}'''
WORKED_OUTPUT = '''{"properties":{
 "image":{"format":"uri","title":"Image","type":"string"},
 "caption":{"title":"Caption","type":"string"},
 "nsfw_score":{"nullable":true,"title":"Nsfw Score","type":"number"},
 "tags":{"items":{"type":"string"},"title":"Tags","type":"array"}},
 "required":["image","caption","tags"],"title":"Output","type":"object"}'''
WORKED_ENUM = '{"description":"An enumeration.","enum":["ddim","euler","dpm"],"title":"scheduler","type":"string"}'


def compact(text):
    """The spec's text without layout whitespace, keeping key order (order is part of what we check)."""
    return json.dumps(json.loads(text, object_pairs_hook=lambda pairs: dict(pairs)), separators=(",", ":"), ensure_ascii=False)


def document(ref, kind="predict", version="1.2.3"):
    _, name, method = find_target(ref, kind, cwd=RUNNERS)
    return schema.build_document(version, **{kind: (method, name, schema.is_streaming(method))})


def component_text(doc_text, name):
    """Cuts `"<name>":{...}` out of the serialized document, exactly as serialized."""
    parsed = json.loads(doc_text, object_pairs_hook=lambda pairs: dict(pairs))
    return json.dumps(parsed["components"]["schemas"][name], separators=(",", ":"), ensure_ascii=False)


class WorkedExampleTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.text = schema.document_text(document("worked_example.py:Runner"))

    def test_input_component_matches_spec_byte_for_byte(self):
        self.assertIn('"Input":' + compact(WORKED_INPUT), self.text)

    def test_output_component_matches_spec(self):
        self.assertIn('"Output":' + compact(WORKED_OUTPUT), self.text)

    def test_enum_component_follows_output(self):
        self.assertIn(compact(WORKED_OUTPUT) + ',"scheduler":' + compact(WORKED_ENUM), self.text)

    def test_document_shape(self):
        doc = json.loads(self.text)
        self.assertEqual(doc["openapi"], "3.0.2")
        self.assertEqual(doc["info"], {"title": "Cog", "version": "1.2.3"})
        self.assertEqual(list(doc["paths"]), ["/", "/health-check", "/predictions", "/predictions/{prediction_id}/cancel"])
        self.assertEqual(list(doc["components"]["schemas"]),
                         ["Input", "Output", "scheduler", "PredictionRequest", "PredictionResponse", "Status",
                          "HTTPValidationError", "ValidationError"])
        post = doc["paths"]["/predictions"]["post"]
        self.assertEqual(post["operationId"], "predict_predictions_post")
        self.assertEqual(post["summary"], "Predict")
        self.assertEqual(post["description"], "Run a single prediction on the model")
        self.assertNotIn("x-cog-streaming", post)
        self.assertEqual(post["requestBody"], {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/PredictionRequest"}}}})
        self.assertEqual(post["responses"]["200"]["content"]["application/json"]["schema"], {"$ref": "#/components/schemas/PredictionResponse"})
        self.assertEqual(post["responses"]["422"]["content"]["application/json"]["schema"], {"$ref": "#/components/schemas/HTTPValidationError"})
        cancel = doc["paths"]["/predictions/{prediction_id}/cancel"]["post"]
        self.assertEqual(cancel["operationId"], "cancel_predictions__prediction_id__cancel_post")
        self.assertEqual(cancel["parameters"], [{"required": True, "schema": {"title": "Prediction Id", "type": "string"},
                                                 "name": "prediction_id", "in": "path"}])
        self.assertEqual(doc["paths"]["/"]["get"]["operationId"], "root__get")
        self.assertEqual(doc["paths"]["/health-check"]["get"]["operationId"], "healthcheck_health_check_get")
        schemas = doc["components"]["schemas"]
        self.assertEqual(schemas["Status"]["enum"], ["starting", "processing", "succeeded", "canceled", "failed"])
        self.assertEqual(schemas["ValidationError"]["required"], ["loc", "msg", "type"])
        self.assertEqual(schemas["PredictionResponse"]["properties"]["created_at"],
                         {"format": "date-time", "title": "Created At", "type": "string"})
        self.assertEqual(schemas["PredictionRequest"]["properties"]["input"], {"$ref": "#/components/schemas/Input"})
        for name, comp in schemas.items():
            self.assertEqual(comp.get("title"), name, name)

    def test_non_ordered_keys_are_sorted(self):
        self.assertTrue(self.text.startswith('{"components":{"schemas":{"Input":'))
        self.assertIn('"info":{"title":"Cog","version":"1.2.3"},"openapi":"3.0.2","paths":{"/":', self.text)


class EveryTypeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        doc = document("every_type.py:Runner")
        cls.schemas = doc["components"]["schemas"]
        cls.props = cls.schemas["Input"]["properties"]

    def prop(self, name):
        p = dict(self.props[name])
        p.pop("x-order")
        return p

    def test_primitives(self):
        self.assertEqual(self.prop("text"), {"title": "Text", "type": "string"})
        self.assertEqual(self.prop("count"), {"title": "Count", "type": "integer"})
        self.assertEqual(self.prop("ratio"), {"title": "Ratio", "type": "number"})
        self.assertEqual(self.prop("flag"), {"title": "Flag", "type": "boolean"})

    def test_files_and_secrets(self):
        self.assertEqual(self.prop("doc"), {"title": "Doc", "type": "string", "format": "uri"})
        self.assertEqual(self.prop("legacy"), {"title": "Legacy", "type": "string", "format": "uri"})
        self.assertEqual(self.prop("token"), {"title": "Token", "type": "string", "format": "password", "writeOnly": True, "x-cog-secret": True})
        self.assertEqual(self.prop("image"), {"title": "Image", "type": "string", "format": "uri", "x-cog-accept": "image/*"})

    def test_objects(self):
        for name in ("anything", "mapping", "typed_mapping", "options", "opaque"):
            self.assertEqual(self.prop(name)["type"], "object", name)
        self.assertEqual(self.prop("opaque_list"), {"title": "Opaque List", "type": "array", "items": {"type": "object"}})

    def test_lists(self):
        self.assertEqual(self.prop("words"), {"title": "Words", "type": "array", "items": {"type": "string"}})
        self.assertEqual(self.prop("numbers")["items"], {"type": "integer"})
        self.assertEqual(self.prop("files")["items"], {"type": "string", "format": "uri"})

    def test_optional_and_unions(self):
        self.assertEqual(self.prop("maybe"), {"title": "Maybe", "type": "integer", "nullable": True})
        self.assertEqual(self.prop("either"), {"title": "Either", "anyOf": [{"type": "string"}, {"type": "integer"}]})
        self.assertEqual(self.prop("either_or_none"), {"title": "Either Or None", "nullable": True,
                                                       "anyOf": [{"type": "string", "nullable": True}, {"type": "integer", "nullable": True}]})

    def test_required_rules(self):
        required = self.schemas["Input"]["required"]
        self.assertIn("either_or_none", required)  # union with None and two members, no default
        self.assertNotIn("maybe", required)
        self.assertIn("image", required)  # default=None on a non-nullable type stays required
        self.assertNotIn("color", required)

    def test_literal_and_choices_become_enums(self):
        self.assertEqual(self.prop("color"), {"allOf": [{"$ref": "#/components/schemas/color"}], "default": "red"})
        self.assertEqual(self.schemas["color"], {"description": "An enumeration.", "enum": ["red", "green"], "title": "color", "type": "string"})
        self.assertEqual(self.schemas["size"]["type"], "integer")
        self.assertEqual(self.prop("pattern")["pattern"], "^a")

    def test_output_dict_of_lists(self):
        self.assertEqual(self.schemas["Output"], {"title": "Output", "type": "object", "additionalProperties": {"type": "array", "items": {"type": "integer"}}})

    def test_iterator_and_concatenate_outputs(self):
        out = document("every_type.py:iter_paths")["components"]["schemas"]["Output"]
        self.assertEqual(out, {"items": {"format": "uri", "type": "string"}, "title": "Output", "type": "array", "x-cog-array-type": "iterator"})
        out = document("every_type.py:concat")["components"]["schemas"]["Output"]
        self.assertEqual(jsonwire.document(out), '{"items":{"type":"string"},"title":"Output","type":"array","x-cog-array-display":"concatenate","x-cog-array-type":"iterator"}')
        out = document("every_type.py:list_paths")["components"]["schemas"]["Output"]
        self.assertEqual(jsonwire.document(out), '{"items":{"format":"uri","type":"string"},"title":"Output","type":"array"}')
        self.assertEqual(jsonwire.document(document("every_type.py:text_out")["components"]["schemas"]["Output"]), '{"title":"Output","type":"string"}')


class RejectionTest(unittest.TestCase):
    def build(self, source):
        folder = model_dir({"m.py": source})
        _, name, method = find_target("m.py:run", cwd=folder)
        return schema.build_document("1", predict=(method, name, False))

    def assertRejected(self, source, *fragments):
        with self.assertRaises(schema.SchemaError) as ctx:
            self.build("from typing import *\nfrom cog import *\n" + source)
        for fragment in fragments:
            self.assertIn(fragment, str(ctx.exception))

    def test_unsupported_inputs_name_parameter_and_type(self):
        self.assertRejected("def run(pair: tuple) -> str: ...", "unsupported type", "pair", "tuple")
        self.assertRejected("def run(s: set) -> str: ...", "unsupported type", "'s'")
        self.assertRejected("def run(xs: list[list[int]]) -> str: ...", "nested generics", "'xs'")
        self.assertRejected("def run(xs: list[Optional[int]]) -> str: ...", "nested generics")
        self.assertRejected("def run(p: Union[Path, str]) -> str: ...", "not supported in union inputs", "'p'")
        self.assertRejected("def run(m: BaseModel) -> str: ...", "unsupported type", "'m'")
        self.assertRejected("def run(x) -> str: ...", "parameter 'x'", "no type annotation")
        self.assertRejected("def run(x: int = Input(default=1, accept='image/*')) -> str: ...", "accept is only valid on Path or File inputs (parameter 'x')")
        self.assertRejected("def run(x: Union[int, str] = Input(default=1, ge=0)) -> str: ...", "constraints and choices are not supported on union inputs")

    def test_invalid_defaults_fail(self):
        self.assertRejected("def run(x: int = Input(default=0, ge=1)) -> str: ...", "invalid", "minimum")
        self.assertRejected("def run(x: str = Input(default='zz', choices=['a'])) -> str: ...", "invalid", "enum")

    def test_unsupported_outputs(self):
        self.assertRejected("def run() -> Optional[str]: ...", "Optional is not allowed as a return type")
        self.assertRejected("def run() -> Union[str, int]: ...", "union types are not supported as output")
        self.assertRejected("def run() -> None: ...", "cannot resolve type 'None'")
        self.assertRejected("def run() -> ConcatenateIterator[int]: ...", "ConcatenateIterator element type must be str, got int")

    def test_string_annotations_behave_like_real_ones(self):
        doc = self.build("from __future__ import annotations\nfrom cog import Path\ndef run(p: Path, n: 'int' = 3) -> list[Path]: ...")
        props = doc["components"]["schemas"]["Input"]["properties"]
        self.assertEqual(props["p"]["format"], "uri")
        self.assertEqual(props["n"]["default"], 3)

    def test_default_factory_is_a_type_error(self):
        from cog import Input
        with self.assertRaises(TypeError):
            Input(default_factory=list)

    def test_numbers_use_shortest_form(self):
        self.assertEqual(jsonwire.document({"a": 7.0, "b": 1e-4, "c": 0.00001, "d": 1e-7, "e": 2.5}),
                         '{"a":7,"b":0.0001,"c":0.00001,"d":1e-7,"e":2.5}')


class OpenapiSchemaCommandTest(unittest.TestCase):
    def test_prints_schema_from_cog_yaml_run_key(self):
        folder = os.path.join(os.path.dirname(RUNNERS), "yaml_model")
        result = run_python(["-m", "cog.command.openapi_schema"], cwd=folder)
        self.assertEqual(result.returncode, 0, result.stderr)
        doc = json.loads(result.stdout)
        self.assertEqual(doc["components"]["schemas"]["Input"]["required"], ["text"])

    def test_deprecated_predict_key_and_env_fallback(self):
        folder = model_dir({"cog.yaml": "predict: run.py:Runner\n",
                            "run.py": "from cog import BaseRunner\nclass Runner(BaseRunner):\n    def run(self, k: int) -> int:\n        print('import-time noise')\n        return k\n"})
        result = run_python(["-m", "cog.command.openapi_schema"], cwd=folder)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("deprecated", result.stderr)
        self.assertEqual(json.loads(result.stdout)["components"]["schemas"]["Input"]["properties"]["k"]["type"], "integer")
        env_folder = model_dir({"stub.py": "def predict(q: str) -> str:\n    return q\n"})
        result = run_python(["-m", "cog.command.openapi_schema"], cwd=env_folder, env={"COG_PREDICT_TYPE_STUB": "stub.py:predict"})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn('"q"', result.stdout)

    def test_train_and_merged_document(self):
        folder = model_dir({"cog.yaml": "run: run.py:Runner\ntrain: train.py:train\n",
                            "run.py": "from cog import BaseRunner\nclass Runner(BaseRunner):\n    def run(self, k: int) -> int:\n        return k\n",
                            "train.py": "from cog import Path\ndef train(steps: int = 10) -> Path:\n    return Path('w')\n"})
        result = run_python(["-m", "cog.command.openapi_schema"], cwd=folder)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn('\n  "components": {', result.stdout)  # merged documents are pretty-printed
        doc = json.loads(result.stdout)
        schemas = doc["components"]["schemas"]
        self.assertEqual(schemas["TrainingInput"]["title"], "TrainingInput")
        self.assertEqual(schemas["TrainingOutput"]["title"], "Output")
        self.assertIn("/trainings", doc["paths"])
        self.assertEqual(doc["paths"]["/trainings"]["post"]["operationId"], "train_trainings_post")
        self.assertIn("/trainings/{training_id}/cancel", doc["paths"])

    def test_unsupported_type_fails_with_message(self):
        result = run_python(["-m", "cog.command.openapi_schema"], cwd=RUNNERS, env={"COG_PREDICT_TYPE_STUB": "bad_schema.py:Runner"})
        self.assertEqual(result.returncode, 1)
        self.assertIn("pair", result.stderr)
        self.assertIn("tuple", result.stderr)
        self.assertNotIn("Traceback", result.stderr)

    def test_import_error_in_model_code_is_reported(self):
        folder = model_dir({"cog.yaml": 'run: "run.py:Runner"\n', "run.py": "import not_installed_anywhere\n"})
        result = run_python(["-m", "cog.command.openapi_schema"], cwd=folder)
        self.assertEqual(result.returncode, 1)
        self.assertIn("COG5103", result.stderr)
        self.assertIn("not_installed_anywhere", result.stderr)
        self.assertEqual(result.stdout, "")

    def test_missing_reference_fails(self):
        result = run_python(["-m", "cog.command.openapi_schema"], cwd=model_dir({}))
        self.assertEqual(result.returncode, 1)
        self.assertIn("COG_PREDICT_TYPE_STUB environment variable is not set", result.stderr)


if __name__ == "__main__":
    unittest.main()

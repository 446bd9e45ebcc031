"""Upstream's SDK module layout (cog.predictor, cog.model, cog.types, cog.input, cog.coder, cog.errors, cog.mode,
cog.suppress_output) and model code written against it, run in a real server."""

import json
import os
import subprocess
import sys
import threading
import unittest

import cog
import cog.input
import cog.model
import cog.predictor
import cog.types
from cog.coder import Coder
from cog.coder.dataclass_coder import DataclassCoder
from cog.coder.json_coder import JsonCoder
from cog.errors import CogError, ConfigDoesNotExist, PredictorNotSet
from cog.mode import Mode
from cog.runner import find_target
from cog.suppress_output import suppress_output
from harness import RUNTIME, Server, model_dir


class UpstreamLayoutTest(unittest.TestCase):
    def test_upstream_modules_hold_the_same_objects_as_the_top_level(self):
        self.assertIs(cog.predictor.BasePredictor, cog.BasePredictor)
        self.assertIs(cog.predictor.BaseRunner, cog.BaseRunner)
        self.assertIs(cog.model.BaseModel, cog.BaseModel)
        self.assertIs(cog.input.Input, cog.Input)
        self.assertIs(cog.input.FieldInfo, cog.FieldInfo)
        for name in ("Path", "File", "URLFile", "URLPath", "Secret", "ConcatenateIterator", "AsyncConcatenateIterator",
                     "Opaque", "Input", "FieldInfo"):
            self.assertIs(getattr(cog.types, name), getattr(cog, name), name)

    def test_cancelation_exception_opaque_and_field_info_at_top_level(self):
        self.assertTrue(issubclass(cog.CancelationException, BaseException))
        self.assertFalse(issubclass(cog.CancelationException, Exception), "an `except Exception` must not swallow a cancel")
        self.assertEqual(repr(cog.Opaque), "cog.Opaque")
        self.assertIsInstance(cog.Input(default=3, ge=1), cog.FieldInfo)
        self.assertEqual(cog.FieldInfo(default=3).default, 3)
        self.assertTrue({"CancelationException", "Opaque", "FieldInfo"} <= set(cog.__all__))

    def test_mode(self):
        self.assertIs(Mode("train"), Mode.TRAIN)
        self.assertEqual(str(Mode.PREDICT), "predict")
        self.assertEqual([m.value for m in Mode], ["predict", "train"])

    def test_errors(self):
        self.assertTrue(issubclass(ConfigDoesNotExist, CogError) and issubclass(PredictorNotSet, CogError))
        with self.assertRaises(CogError):
            find_target("missing.py:Predictor", cwd=model_dir({}))

    def test_load_predictor_from_ref(self):
        folder = model_dir({"predict.py": "from cog import BasePredictor\n\n"
                                          "class Predictor(BasePredictor):\n"
                                          "    def setup(self):\n        self.ready = True\n\n"
                                          "    def predict(self, n: int) -> int:\n        return n + 1\n\n"
                                          "def double(n: int) -> int:\n    return 2 * n\n"})
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            predictor = cog.predictor.load_predictor_from_ref("predict.py:Predictor")
            predictor.setup()
            self.assertEqual((predictor.ready, predictor.predict(n=1)), (True, 2))
            self.assertEqual(cog.predictor.load_predictor_from_ref("predict.py:double")(4), 8)
        finally:
            os.chdir(cwd)

    def test_suppress_output_silences_python_and_file_descriptor_writes(self):
        script = ("import os, sys\nfrom cog.suppress_output import suppress_output\nprint('before', flush=True)\n"
                  "with suppress_output():\n    print('python stdout')\n    print('python stderr', file=sys.stderr)\n"
                  "    os.write(1, b'fd 1\\n')\n    os.write(2, b'fd 2\\n')\n    os.system('echo child process')\n"
                  "print('after')\nprint('stderr works again', file=sys.stderr)\n")
        result = subprocess.run([sys.executable, "-c", script], env=dict(os.environ, PYTHONPATH=RUNTIME),
                                capture_output=True, text=True, timeout=30)
        self.assertEqual((result.returncode, result.stdout, result.stderr), (0, "before\nafter\n", "stderr works again\n"))

    def test_suppress_output_restores_streams_when_the_block_raises(self):
        stdout, stderr = sys.stdout, sys.stderr
        with self.assertRaises(ValueError):
            with suppress_output():
                raise ValueError("inside")
        self.assertIs(sys.stdout, stdout)
        self.assertIs(sys.stderr, stderr)


class CoderRegistryTest(unittest.TestCase):
    def setUp(self):
        self.saved = list(Coder._registered)
        Coder._registered.clear()
        Coder._by_type.clear()

    def tearDown(self):
        Coder._registered[:] = self.saved
        Coder._by_type.clear()

    def test_lookup_asks_registered_factories_in_order(self):
        class Thing:
            pass

        class ThingCoder(Coder):
            @staticmethod
            def factory(tpe):
                return ThingCoder() if tpe is Thing else None

        self.assertIsNone(Coder.lookup(Thing))
        Coder.register(ThingCoder)
        Coder.register(ThingCoder)
        self.assertEqual(Coder._registered, [ThingCoder])
        self.assertIsInstance(Coder.lookup(Thing), ThingCoder)
        self.assertIsNone(Coder.lookup(int))
        Coder.register(JsonCoder)
        self.assertIsInstance(Coder.lookup(dict[str, int]), JsonCoder)
        self.assertIsInstance(Coder.lookup(Thing), ThingCoder, "the first registered coder that accepts a type wins")

    def test_a_factory_that_cannot_inspect_a_type_does_not_claim_it(self):
        class Base:
            pass

        class StrictCoder(Coder):
            @staticmethod
            def factory(tpe):
                return StrictCoder() if issubclass(tpe, Base) else None

        Coder.register(StrictCoder)
        Coder.register(JsonCoder)
        self.assertIsInstance(Coder.lookup(dict[str, int]), JsonCoder)

    def test_dataclass_coder_round_trip(self):
        import dataclasses

        @dataclasses.dataclass
        class Inner:
            n: int

        @dataclasses.dataclass
        class Outer:
            name: str
            inner: Inner
            more: list[Inner]

        coder = DataclassCoder.factory(Outer)
        value = coder.decode({"name": "o", "inner": {"n": 1}, "more": [{"n": 2}]})
        self.assertEqual(value, Outer("o", Inner(1), [Inner(2)]))
        self.assertEqual(coder.encode(value), {"name": "o", "inner": {"n": 1}, "more": [{"n": 2}]})
        self.assertIsNone(DataclassCoder.factory(dict))


class UpstreamPredictorServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server("upstream_predictor.py:Predictor")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_schema_of_an_upstream_style_signature(self):
        schemas = self.server.json("GET", "/openapi.json")[1]["components"]["schemas"]
        props = schemas["Input"]["properties"]
        self.assertEqual(schemas["Input"]["required"], ["prompt"])
        self.assertEqual(props["prompt"]["description"], "What to say")
        self.assertEqual(schemas["action"]["enum"], ["say", "wait", "quiet", "fail"])
        self.assertEqual((props["repeat"]["minimum"], props["repeat"]["maximum"]), (1, 5))
        self.assertTrue(props["token"]["x-cog-secret"])
        self.assertEqual(props["document"]["format"], "uri")
        self.assertEqual(props["extra"]["type"], "object")
        self.assertEqual(list(schemas["Output"]["properties"]), ["text", "mode", "extra"])

    def test_prediction_runs(self):
        status, body = self.server.predict({"prompt": "hi", "repeat": 2, "token": "abc", "extra": {"k": [1]},
                                            "document": "data:text/plain,attached"})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["output"], {"text": "hi hi (token of 3 characters) attached", "mode": "predict", "extra": {"k": [1]}})

    def test_output_suppressed_in_setup_reaches_no_log(self):
        logs = self.server.json("GET", "/health-check")[1]["setup"]["logs"]
        self.assertIn("setup done", logs)
        self.assertNotIn("banner", logs)
        self.assertNotIn("banner", self.server.log())

    def test_output_suppressed_in_run_reaches_no_log(self):
        status, body = self.server.predict({"prompt": "p", "action": "quiet"})
        self.assertEqual((status, body["status"]), (200, "succeeded"))
        self.assertIn("visible after the block", body["logs"])
        self.assertNotIn("hidden", body["logs"])
        self.assertNotIn("hidden", self.server.log())

    def test_cancel_raises_cancelation_exception_in_predict(self):
        result = {}

        def run():
            result["reply"] = self.server.json("PUT", "/predictions/upstream-cancel", {"input": {"prompt": "p", "action": "wait"}})

        thread = threading.Thread(target=run)
        thread.start()
        self.server.wait_status("BUSY")
        self.assertEqual(self.server.json("POST", "/predictions/upstream-cancel/cancel")[0], 200)
        thread.join(30)
        status, body = result["reply"]
        self.assertEqual((status, body["status"]), (200, "canceled"))
        self.assertIn("canceled: cleaning up", body["logs"])

    def test_cog_error_from_the_model_fails_the_prediction(self):
        status, body = self.server.predict({"prompt": "p", "action": "fail"})
        self.assertEqual(body["status"], "failed")
        self.assertEqual(body["error"], "Prediction failed: CogError: a model may raise cog.errors types too")


class UpstreamCodersServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server("upstream_coders.py:Predictor")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_coded_types_are_objects_in_the_schema(self):
        schemas = self.server.json("GET", "/openapi.json")[1]["components"]["schemas"]
        props = schemas["Input"]["properties"]
        self.assertEqual(props["origin"], {"title": "Origin", "type": "object", "x-order": 0})
        self.assertEqual(props["path"], {"items": {"type": "object"}, "title": "Path", "type": "array", "x-order": 1})
        self.assertEqual(props["box"], {"title": "Box", "type": "object", "x-order": 2})
        self.assertEqual(schemas["Output"], {"title": "Output", "type": "object"})

    def test_inputs_are_decoded_and_the_output_encoded(self):
        status, body = self.server.predict({"origin": {"x": 1, "y": 2}, "path": [{"x": 10, "y": 20}, {"x": 100, "y": 200}],
                                            "box": {"label": "b", "size": {"width": 1000, "height": 2000}}})
        self.assertEqual((status, body["status"]), (200, "succeeded"), body)
        self.assertEqual(body["output"], {"x": 1111, "y": 2222})

    def test_a_value_its_coder_cannot_decode_fails_as_an_input_error(self):
        status, body = self.server.predict({"origin": {"x": 1}, "path": [], "box": {"label": "b", "size": {"width": 1, "height": 1}}})
        self.assertEqual(body["status"], "failed")
        self.assertEqual(body["error"], "Input validation error: KeyError: 'y'")


if __name__ == "__main__":
    unittest.main()

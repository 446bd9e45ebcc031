"""The public SDK surface (`from cog import ...`) without a server."""

import dataclasses
import io
import pathlib
import pickle
import unittest
import warnings

import cog
from cog import (AsyncConcatenateIterator, BaseModel, BasePredictor, BaseRunner, ConcatenateIterator, File, Input, Path,
                 Secret, URLFile, URLPath, concurrent, current_scope, streaming)
from cog.runner import find_target
from cog.scope import Scope, enter, leave
from harness import model_dir


class TypesTest(unittest.TestCase):
    def test_secret(self):
        s = Secret("pw")
        self.assertEqual(s.get_secret_value(), "pw")
        self.assertEqual(str(s), "**********")
        self.assertEqual(repr(s), "Secret(**********)")
        self.assertEqual(str(Secret()), "")
        with self.assertRaises(dataclasses.FrozenInstanceError):
            s.secret_value = "x"

    def test_path_validate(self):
        self.assertIsInstance(Path.validate("/tmp/x"), Path)
        existing = pathlib.Path("/tmp")
        self.assertIs(Path.validate(existing), existing)
        url = Path.validate("https://example.com/a%20b.png?x=1")
        self.assertIsInstance(url, URLPath)
        self.assertEqual(str(url), "https://example.com/a%20b.png?x=1")
        self.assertIsInstance(Path.validate("data:text/plain,hi"), URLPath)

    def test_url_path_downloads_data_urls(self):
        local = URLPath("data:text/plain;base64,aGk=").convert()
        self.assertTrue(str(local).endswith("/file.txt"))
        self.assertEqual(local.read_text(), "hi")

    def test_long_url_names_are_shortened(self):
        from cog.urls import file_name
        name = file_name("https://x/" + "a" * 300 + ".png")
        self.assertLessEqual(len(name.encode()), 200)
        self.assertTrue(name.endswith("~.png"))
        self.assertEqual(file_name("https://x/a%2Fb.txt"), "a_b.txt")

    def test_file_validate(self):
        self.assertEqual(File.validate("data:text/plain;base64,aGk=").read(), b"hi")
        stream = io.BytesIO(b"x")
        self.assertIs(File.validate(stream), stream)
        self.assertIsInstance(File.validate("https://example.com/f.bin"), URLFile)
        with self.assertRaises(ValueError) as ctx:
            File.validate("ftp://example.com/f")
        self.assertEqual(str(ctx.exception), "'ftp' is not a valid URL scheme. 'data', 'http', or 'https' is supported.")

    def test_url_file_is_lazy_and_picklable(self):
        f = URLFile("https://example.invalid/weights.bin")
        self.assertEqual(f.name, "weights.bin")
        self.assertEqual(pickle.loads(pickle.dumps(f))._url, "https://example.invalid/weights.bin")

    def test_iterators_are_generic_annotations(self):
        self.assertTrue(issubclass(ConcatenateIterator, __import__("collections.abc").abc.Iterator))
        self.assertIsNotNone(ConcatenateIterator[str])
        self.assertIsNotNone(AsyncConcatenateIterator[str])
        self.assertEqual(repr(cog.Opaque), "cog.Opaque")


class BaseModelTest(unittest.TestCase):
    def test_subclass_becomes_dataclass(self):
        class Out(BaseModel):
            a: int
            b: str = "x"
        self.assertTrue(dataclasses.is_dataclass(Out))
        self.assertEqual(Out(1).b, "x")
        with self.assertRaises(TypeError):
            Out()

    def test_keywords_forwarded_and_opt_out(self):
        class Frozen(BaseModel, frozen=True):
            a: int
        with self.assertRaises(dataclasses.FrozenInstanceError):
            Frozen(1).a = 2

        class Plain(BaseModel, auto_dataclass=False):
            a: int
        self.assertFalse(dataclasses.is_dataclass(Plain))

    def test_dataclass_mixins_rejected(self):
        @dataclasses.dataclass
        class Mixin:
            z: int = 0
        with self.assertRaises(TypeError):
            class Bad(BaseModel, Mixin):
                a: int


class InputAndDecoratorsTest(unittest.TestCase):
    def test_input_is_frozen_field_info(self):
        info = Input(default=3, ge=1, le=5, description="d", choices=(1, 3), deprecated=True)
        self.assertIsInstance(info, cog.FieldInfo)
        self.assertEqual((info.default, info.ge, info.le, info.choices), (3, 1, 5, [1, 3]))
        with self.assertRaises(dataclasses.FrozenInstanceError):
            info.default = 4

    def test_concurrent(self):
        async def f():
            pass
        self.assertEqual(concurrent(max=3)(f).__cog_concurrent_max__, 3)
        with self.assertRaisesRegex(TypeError, "concurrent max must be an integer"):
            concurrent(max=True)
        with self.assertRaisesRegex(ValueError, "concurrent max must be at least 1"):
            concurrent(max=0)
        with self.assertRaisesRegex(TypeError, "requires an async function"):
            concurrent(max=2)(lambda: None)

    def test_streaming_returns_same_function(self):
        def g():
            yield 1
        self.assertIs(streaming(g), g)
        self.assertIs(streaming()(g), g)
        self.assertTrue(g.__cog_streaming__)


class RunnerLoadingTest(unittest.TestCase):
    def test_base_predictor_warns(self):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")

            class Old(BasePredictor):
                def predict(self, x: int) -> int:
                    return x
        self.assertTrue(any("BasePredictor is deprecated; use BaseRunner instead" in str(w.message) for w in caught))
        self.assertEqual(Old().run(x=2), 2)  # run() forwards to predict()

    def test_run_and_predict_both_or_neither(self):
        folder = model_dir({"m.py": "class Both:\n    def run(self) -> int: ...\n    def predict(self) -> int: ...\nclass Neither:\n    pass\n"})
        with self.assertRaisesRegex(ValueError, r"Both must define either run\(\) or predict\(\), not both"):
            find_target("m.py:Both", cwd=folder)
        with self.assertRaisesRegex(ValueError, "run or predict method not found: Neither"):
            find_target("m.py:Neither", cwd=folder)

    def test_predict_method_warns(self):
        folder = model_dir({"p.py": "class P:\n    def predict(self, x: int) -> int:\n        return x\n"})
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            _, name, _ = find_target("p.py:P", cwd=folder)
        self.assertEqual(name, "predict")
        self.assertTrue(any("P.predict() is deprecated; use run() instead" in str(w.message) for w in caught))

    def test_base_runner_run_not_implemented(self):
        with self.assertRaises(NotImplementedError):
            BaseRunner().run()


class ScopeTest(unittest.TestCase):
    def test_noop_outside_a_run(self):
        current_scope().record_metric("x", 1)
        self.assertEqual(current_scope().context, {})

    def test_metric_modes_and_rules(self):
        scope = Scope({"a": "b"})
        token = enter(scope)
        try:
            s = current_scope()
            self.assertEqual(s.context, {"a": "b"})
            s.record_metric("n", 1)
            s.record_metric("n", 2, "incr")
            s.record_metric("n", 1.5, "increment")
            s.record_metric("l", "a", "append")
            s.record_metric("l", "b", "append")
            s.metrics["gone"] = 1
            s.record_metric("gone", None)
            s.record_metric("deep.er.key", True)
            self.assertEqual(s.metrics.as_dict(), {"n": 4.5, "l": ["a", "b"], "deep": {"er": {"key": True}}})
            with self.assertRaises(TypeError):
                s.record_metric("n", "str")  # type can't change without delete
            with self.assertRaises(TypeError):
                s.record_metric("n", 1, "bogus")
            for bad in ("predict_time", "cog.x", "a__b", "1a", "a.b.c.d.e", "x" * 129, "a_"):
                with self.assertRaises(ValueError, msg=bad):
                    s.record_metric(bad, 1)
            with self.assertRaises(TypeError):
                s.record_metric("obj", object())
        finally:
            leave(token)

    def test_emit_metric_deprecated_alias(self):
        scope = Scope()
        token = enter(scope)
        try:
            cog.emit_metric("m", 2)
            self.assertEqual(scope.metrics.as_dict(), {"m": 2})
            self.assertTrue(issubclass(cog.ExperimentalFeatureWarning, FutureWarning))
        finally:
            leave(token)


class CodingTest(unittest.TestCase):
    def test_encode_output(self):
        from cog.coding import encode_output
        import datetime
        import enum

        class E(enum.Enum):
            A = "a"

        @dataclasses.dataclass
        class D:
            x: int

        self.assertEqual(encode_output({"e": E.A, "d": D(1), "t": (1, 2), "s": Secret("q"), "when": datetime.datetime(2024, 1, 1)}),
                         {"e": "a", "d": {"x": 1}, "t": [1, 2], "s": "q", "when": "2024-01-01T00:00:00"})

    def test_coerce_value(self):
        from typing import List, Optional
        from cog.coding import coerce_value
        self.assertEqual(coerce_value(3.0, int), 3)
        self.assertIsInstance(coerce_value(3.0, int), int)
        self.assertIsInstance(coerce_value("pw", Secret), Secret)
        self.assertEqual(coerce_value(["pw"], List[Secret]), ["pw"])  # not inside lists
        self.assertIsInstance(coerce_value("/x", Optional[Path]), Path)
        self.assertIsInstance(coerce_value("https://h/x.png", Path), URLPath)
        self.assertEqual(coerce_value("https://h/x", str), "https://h/x")


if __name__ == "__main__":
    unittest.main()

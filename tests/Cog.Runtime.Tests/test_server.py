"""Prediction server end to end: endpoints, validation, coercion, outputs, logs, metrics (real processes, real HTTP)."""

import base64
import json
import os
import unittest

from harness import RUNNERS, Server, model_dir


class BehavioursServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server("behaviours.py:Runner", env={"COG_WEIGHTS": "weights.bin"})

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def predict(self, **inputs):
        status, body = self.server.predict(inputs)
        self.assertEqual(status, 200, body)
        return body

    def test_discovery_document(self):
        status, body = self.server.json("GET", "/")
        self.assertEqual(status, 200)
        self.assertEqual(body["predictions_url"], "/predictions")
        self.assertEqual(body["predictions_cancel_url"], "/predictions/{prediction_id}/cancel")
        self.assertEqual(body["predictions_idempotent_url"], "/predictions/{prediction_id}")
        self.assertEqual(body["healthcheck_url"], "/health-check")
        self.assertEqual(body["openapi_url"], "/openapi.json")
        self.assertEqual(body["shutdown_url"], "/shutdown")
        self.assertNotIn("trainings_url", body)

    def test_health_check_ready_with_setup_logs(self):
        status, body = self.server.json("GET", "/health-check")
        self.assertEqual(status, 200)
        self.assertEqual(body["status"], "READY")
        self.assertEqual(body["setup"]["status"], "succeeded")
        self.assertIn("setup stdout line\n", body["setup"]["logs"])
        self.assertIn("setup stderr line\n", body["setup"]["logs"])
        self.assertIn("started_at", body["setup"])
        self.assertIn("completed_at", body["setup"])
        self.assertIn("python", body["version"])

    def test_openapi_json_is_the_derived_schema(self):
        status, headers, data = self.server.request("GET", "/openapi.json")
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "application/json")
        doc = json.loads(data)
        self.assertEqual(doc["components"]["schemas"]["Input"]["required"], ["mode"])
        self.assertEqual(doc["components"]["schemas"]["Output"]["x-cog-array-type"], "iterator")

    def test_sync_prediction_reply_shape(self):
        body = self.predict(mode="echo", text="hi")
        self.assertEqual(set(body), {"id", "logs", "metrics", "output", "status"})
        self.assertEqual(body["status"], "succeeded")
        self.assertEqual(body["output"], ["hi"])
        self.assertTrue(body["id"].startswith("pred_"))
        self.assertIsInstance(body["metrics"]["predict_time"], float)

    def test_client_id_and_put_idempotent_route(self):
        status, body = self.server.json("PUT", "/predictions/my-id-1", {"input": {"mode": "echo", "text": "x"}})
        self.assertEqual((status, body["id"], body["output"]), (200, "my-id-1", ["x"]))
        status, body = self.server.json("POST", "/predictions", {"id": "my-id-2", "input": {"mode": "echo", "text": "y"}})
        self.assertEqual((status, body["id"]), (200, "my-id-2"))

    def test_put_id_mismatch_is_422(self):
        status, body = self.server.json("PUT", "/predictions/aaa", {"id": "bbb", "input": {"mode": "echo"}})
        self.assertEqual(status, 422)
        self.assertEqual(body, {"detail": [{"loc": ["body", "id"], "msg": "prediction ID must match the ID supplied in the URL", "type": "value_error"}]})

    def test_validation_errors_are_422_in_spec_format(self):
        status, body = self.server.predict({"text": 5, "number": "x", "bogus": 1})
        self.assertEqual(status, 422)
        detail = {tuple(d["loc"]): d for d in body["detail"]}
        self.assertEqual(detail[("body", "input", "mode")]["msg"], "Field required")
        self.assertEqual(detail[("body", "input", "mode")]["type"], "value_error.missing")
        self.assertEqual(detail[("body", "input", "text")]["msg"], '5 is not of type "string"')
        self.assertEqual(detail[("body", "input", "number")]["msg"], '"x" is not of type "number"')
        self.assertNotIn(("body", "input", "bogus"), detail, "unknown keys are dropped, not refused (docs/runtime.md)")
        for d in body["detail"]:
            self.assertEqual(len(d["loc"]), 3)

    def test_unknown_input_keys_are_dropped_with_one_warning_naming_them(self):
        before = len(self.server.log())
        status, body = self.server.json("PUT", "/predictions/extra-keys-1",
                                        {"input": {"mode": "echo", "text": "kept", "temperature": 0.7, "top\nk": 1}})
        self.assertEqual((status, body["status"], body["output"]), (200, "succeeded", ["kept"]))  # run() never saw them
        warnings = [line for line in self.server.log()[before:].splitlines() if "ignoring input keys" in line]
        self.assertEqual(warnings, ['WARNING prediction extra-keys-1: ignoring input keys the model does not take: '
                                    '"temperature", "top\\nk"'])

    def test_dropped_keys_are_not_echoed_back(self):
        status, body = self.server.json("POST", "/predictions", {"id": "extra-keys-2", "input": {"mode": "sleep", "number": 0.5, "junk": 1}},
                                        headers={"Prefer": "respond-async"})
        self.assertEqual(status, 202)
        try:
            status, body = self.server.json("PUT", "/predictions/extra-keys-2", {"input": {}})
            self.assertEqual(status, 202)
            self.assertEqual(body["input"], {"mode": "sleep", "number": 0.5})
        finally:
            self.server.wait_status("READY")

    def test_explicit_null_is_rejected_even_for_optional(self):
        status, body = self.server.predict({"mode": "echo", "file": None})
        self.assertEqual(status, 422)
        self.assertEqual(body["detail"][0]["loc"], ["body", "input", "file"])

    def test_coercion_integers_for_float_and_defaults(self):
        self.assertEqual(self.predict(mode="number", number=3)["output"], ["3"])  # JSON int arrives as int
        self.assertEqual(self.predict(mode="number")["output"], ["0.0"])  # Python default

    def test_secret_input_is_unwrapped_for_the_runner(self):
        self.assertEqual(self.predict(mode="secret", secret="hunter2")["output"], ["hunter2"])

    def test_data_url_path_input_is_downloaded_to_a_named_temp_file(self):
        url = "data:text/plain;base64," + base64.b64encode(b"file body").decode()
        self.assertEqual(self.predict(mode="file", file=url)["output"], ["file body|file.txt"])

    def test_failed_download_fails_with_input_validation_error(self):
        body = self.predict(mode="file", file="http://127.0.0.1:1/missing.png")
        self.assertEqual(body["status"], "failed")
        self.assertTrue(body["error"].startswith("Input validation error: "), body["error"])
        self.assertIn("missing.png", body["error"])

    def test_docs_route_is_served(self):
        status, headers, data = self.server.request("GET", "/docs")
        self.assertIn(status, (200, 503))  # 503 explains that the Swagger UI assets were not installed
        if status == 200:
            self.assertIn(b"/openapi.json", data)

    def test_setup_weights_from_env(self):
        self.assertEqual(self.predict(mode="weights")["output"], ["weights.bin"])

    def test_logs_are_captured_per_prediction(self):
        body = self.predict(mode="logs")
        self.assertEqual(body["logs"], "line one\nto stderr\npartial without newline\n")
        self.assertEqual(self.predict(mode="echo", text="quiet")["logs"], "")

    def test_fd_level_writes_cannot_corrupt_ipc(self):
        body = self.predict(mode="fd_write")
        self.assertEqual(body["output"], ["intact"])
        self.assertNotIn("raw write", body["logs"])  # fd-level output goes to the server's log only
        self.assertIn("raw write to fd 1", self.server.log())
        self.assertIn("from a child process", self.server.log())

    def test_metrics_and_context(self):
        status, body = self.server.predict({"mode": "metrics"}, context={"who": "tester"})
        self.assertEqual(status, 200)
        self.assertEqual(body["output"], ["tester"])
        metrics = body["metrics"]
        self.assertEqual(metrics["tokens"], 5)
        self.assertEqual(metrics["timing"], {"pre": 0.5})
        self.assertEqual(metrics["items"], ["a", "b"])
        self.assertIn("predict_time", metrics)

    def test_exception_fails_only_that_prediction(self):
        body = self.predict(mode="raise")
        self.assertEqual(body["status"], "failed")
        self.assertEqual(body["error"], "Prediction failed: ValueError: boom")
        self.assertIn("Traceback", body["logs"])
        self.assertNotIn("output", body)
        self.assertEqual(self.predict(mode="raise_empty")["error"], "Prediction failed: RuntimeError")
        self.assertEqual(self.predict(mode="echo", text="still")["output"], ["still"])

    def test_sys_exit_in_run_fails_that_prediction_only(self):
        body = self.predict(mode="exit")
        self.assertEqual((body["status"], body["error"]), ("failed", "Prediction failed: SystemExit: 3"))
        self.assertEqual(self.predict(mode="echo", text="alive")["output"], ["alive"])
        self.assertEqual(self.server.json("GET", "/health-check")[1]["status"], "READY")

    def test_iterator_output_collected_into_list(self):
        self.assertEqual(self.predict(mode="stream", number=4)["output"], ["item0", "item1", "item2", "item3"])
        self.assertEqual(self.predict(mode="stream", number=0)["output"], [])

    def test_large_output_and_input(self):
        self.assertEqual(len(self.predict(mode="big", number=9 * 1024 * 1024)["output"][0]), 9 * 1024 * 1024)
        body = self.predict(mode="echo", text="y" * (7 * 1024 * 1024))
        self.assertEqual(len(body["output"][0]), 7 * 1024 * 1024)

    def test_unicode_round_trip(self):
        status, headers, data = self.server.request("POST", "/predictions", {"input": {"mode": "unicode"}})
        self.assertIn("héllo ✓".encode(), data)

    def test_keep_alive_serves_many_requests_on_one_connection(self):
        conn = self.server.connection()
        try:
            for i in range(50):
                conn.request("POST", "/predictions", json.dumps({"input": {"mode": "echo", "text": str(i)}}),
                             {"Content-Type": "application/json"})
                response = conn.getresponse()
                self.assertEqual(json.loads(response.read())["output"], [str(i)])
                self.assertFalse(response.will_close)
        finally:
            conn.close()


class ScalarOutputsTest(unittest.TestCase):
    """Function runners and output encoding of non-iterator returns."""

    def run_one(self, ref, inputs):
        with Server(ref) as server:
            return server.predict(inputs)

    def test_path_output_is_a_data_url(self):
        status, body = self.run_one("outputs.py:path_out", {"text": "abc"})
        self.assertEqual(body["output"], "data:text/plain;base64," + base64.b64encode(b"abc").decode())

    def test_list_of_paths_and_models_and_dicts(self):
        folder = model_dir({"cog.yaml": 'run: "many.py:run"\n', "many.py": (
            "import sys\nsys.path.insert(0, %r)\nfrom outputs import *\n"
            "def run(kind: str) -> dict:\n"
            "    return {'paths': paths_out, 'model': model_out, 'dict': dict_out, 'list': list_out, 'iter': iter_out,\n"
            "            'io': io_out, 'float': float_out, 'none': none_out}[kind](*{'paths': (1,), 'model': ('L',), 'dict': (2,),\n"
            "            'list': (3,), 'iter': (2,), 'io': ('zz',), 'float': (float('nan'),), 'none': (0,)}[kind])\n") % RUNNERS})
        with Server(cwd=folder) as server:
            def out(kind):
                status, body = server.predict({"kind": kind})
                self.assertEqual(status, 200, body)
                self.assertEqual(body["status"], "succeeded", body)
                return body["output"]
            self.assertEqual(out("paths"), ["data:application/json;base64,e30="])
            self.assertEqual(out("model"), {"label": "L", "score": 0.5})
            self.assertEqual(out("dict"), {"n": 2, "when": "2024-01-02", "color": "red", "nested": [{"label": "a", "score": 1.0}], "secret": "s"})
            self.assertEqual(out("list"), [0, 1, 2])
            self.assertEqual(out("iter"), [0, 1])
            self.assertEqual(out("io"), "data:application/octet-stream;base64," + base64.b64encode(b"zz").decode())
            self.assertIsNone(out("float"))
            self.assertIsNone(out("none"))

    def test_function_runner_and_cog_yaml_model(self):
        status, body = self.run_one("function_runner.py:run", {"a": 5})
        self.assertEqual(body["output"], 7)
        with Server(cwd=os.path.join(os.path.dirname(RUNNERS), "yaml_model")) as server:
            self.assertEqual(server.predict({"text": "abc"})[1]["output"], "ABC")

    def test_runner_without_a_schema_still_serves(self):
        with Server("bad_schema.py:Runner") as server:
            self.assertEqual(server.json("GET", "/openapi.json"), (503, {"error": "OpenAPI schema not available"}))
            self.assertEqual(server.predict({"pair": [1, 2]})[1]["output"], "x")  # no schema, so no validation
            self.assertIn("unsupported type: tuple (parameter 'pair')", server.log())

    def test_legacy_base_predictor_predict(self):
        with Server("legacy.py:Predictor") as server:
            self.assertEqual(server.predict({"x": 4})[1]["output"], 8)
            self.assertEqual(server.predict({"x": 3.0})[1]["output"], 6)  # integral float accepted as int
            self.assertIn("deprecated", server.json("GET", "/health-check")[1]["setup"].get("logs", "") + server.log())


if __name__ == "__main__":
    unittest.main()

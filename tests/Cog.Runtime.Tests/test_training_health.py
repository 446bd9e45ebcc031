"""Training mode and the user healthcheck."""

import base64
import os
import tempfile
import time
import unittest

from harness import Server


class TrainingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server("trainer.py:Trainer", mode="train")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_discovery_lists_training_urls(self):
        body = self.server.json("GET", "/")[1]
        self.assertEqual(body["trainings_url"], "/trainings")
        self.assertEqual(body["trainings_idempotent_url"], "/trainings/{training_id}")
        self.assertEqual(body["trainings_cancel_url"], "/trainings/{training_id}/cancel")

    def test_schema_has_training_components(self):
        schemas = self.server.json("GET", "/openapi.json")[1]["components"]["schemas"]
        self.assertEqual(schemas["TrainingInput"]["properties"]["steps"]["minimum"], 1)
        self.assertEqual(schemas["TrainingOutput"]["title"], "Output")

    def test_train_runs_setup_and_train(self):
        status, body = self.server.json("POST", "/trainings", {"input": {"steps": 5}})
        self.assertEqual(status, 200, body)
        self.assertEqual(body["output"]["steps"], 5)
        self.assertEqual(base64.b64decode(body["output"]["weights"].split(",", 1)[1]), b"trained:5")
        self.assertEqual(body["logs"], "training 5 steps\n")

    def test_put_training_and_validation(self):
        status, body = self.server.json("PUT", "/trainings/t-1", {"input": {"steps": 0}})
        self.assertEqual(status, 422)
        self.assertEqual(body["detail"][0]["loc"], ["body", "input", "steps"])
        status, body = self.server.json("PUT", "/trainings/t-1", {"id": "t-2", "input": {}})
        self.assertEqual(body["detail"][0]["msg"], "training ID must match the ID supplied in the URL")
        status, body = self.server.json("PUT", "/trainings/t-1", {"input": {}})
        self.assertEqual((status, body["id"], body["output"]["steps"]), (200, "t-1", 3))

    def test_training_rejects_event_stream(self):
        status, body = self.server.json("POST", "/trainings", {"input": {}}, {"Accept": "text/event-stream"})
        self.assertEqual((status, body), (406, {"error": "Training endpoints do not support streaming responses."}))

    def test_cancel_unknown_training(self):
        self.assertEqual(self.server.json("POST", "/trainings/none/cancel"), (404, {}))

    def test_train_function(self):
        with Server("trainer.py:train", mode="train") as server:
            self.assertEqual(server.json("POST", "/trainings", {"input": {"lr": 0.5}})[1]["output"], "lr=0.5")


class HealthcheckTest(unittest.TestCase):
    def test_user_healthcheck_states(self):
        flag = tempfile.NamedTemporaryFile("w", delete=False, suffix=".health")
        flag.write("ok")
        flag.close()
        try:
            with Server("healthy.py:Runner", env={"HEALTH_FILE": flag.name}) as server:
                def set_action(action):
                    with open(flag.name, "w") as f:
                        f.write(action)
                self.assertEqual(server.json("GET", "/health-check")[1]["status"], "READY")
                set_action("false")
                body = server.json("GET", "/health-check")[1]
                self.assertEqual(body["status"], "UNHEALTHY")
                self.assertEqual(body["user_healthcheck_error"], "Healthcheck failed: user-defined healthcheck returned False")
                self.assertEqual(server.predict({"x": 2})[1]["output"], 2)  # predictions are still accepted
                set_action("raise")
                self.assertEqual(server.json("GET", "/health-check")[1]["user_healthcheck_error"], "Healthcheck failed: RuntimeError: disk full")
                set_action("slow")
                started = time.time()
                body = server.json("GET", "/health-check")[1]
                self.assertEqual(body["user_healthcheck_error"], "Healthcheck failed: user-defined healthcheck timed out after 5.0 seconds")
                self.assertLess(time.time() - started, 9)
                set_action("ok")
                time.sleep(1.2)  # the slow check's thread finishes in the background
                body = server.json("GET", "/health-check")[1]
                self.assertEqual(body["status"], "READY")
                self.assertNotIn("user_healthcheck_error", body)
        finally:
            os.unlink(flag.name)


if __name__ == "__main__":
    unittest.main()

"""Prediction logs reach the server's stderr while the model runs in console log mode (what `cog run` follows)."""

import shutil
import threading
import time
import unittest

from harness import Server, model_dir

_RUNNER = '''
import time

from cog import BaseRunner


class Runner(BaseRunner):
    def run(self, name: str = "x") -> str:
        print("step 1")
        time.sleep(1.5)
        print("step 2")
        return "done " + name
'''


class LiveLogsTest(unittest.TestCase):
    def setUp(self):
        self.folder = model_dir({"run.py": _RUNNER})

    def tearDown(self):
        shutil.rmtree(self.folder, ignore_errors=True)

    def _predict_in_background(self, server):
        result = {}
        thread = threading.Thread(target=lambda: result.update(answer=server.predict({"name": "a"})))
        thread.start()
        return thread, result

    def test_console_mode_echoes_run_logs_to_stderr_while_running(self):
        with Server("run.py:Runner", cwd=self.folder, env={"LOG_FORMAT": "console", "COG_LOG_LEVEL": "warning"}) as server:
            thread, result = self._predict_in_background(server)
            deadline = time.time() + 10
            while "step 1" not in server.log():
                self.assertLess(time.time(), deadline, "step 1 never reached stderr: " + server.log())
                time.sleep(0.02)
            self.assertTrue(thread.is_alive(), "the prediction finished before its first log line was echoed")
            self.assertNotIn("step 2", server.log())
            thread.join(30)
            status, body = result["answer"]
            self.assertEqual(status, 200, body)
            self.assertEqual(body["output"], "done a")
            # The prediction's own record keeps its logs; the echo is in addition, once per line.
            self.assertEqual(body["logs"], "step 1\nstep 2\n")
            log = server.log()
            self.assertEqual(log.count("step 1"), 1, log)
            self.assertEqual(log.count("step 2"), 1, log)

    def test_json_mode_does_not_echo_run_logs(self):
        with Server("run.py:Runner", cwd=self.folder, env={"LOG_FORMAT": "json"}) as server:
            status, body = server.predict({"name": "b"})
            self.assertEqual(status, 200, body)
            self.assertEqual(body["logs"], "step 1\nstep 2\n")
            self.assertNotIn("step 1", server.log())


if __name__ == "__main__":
    unittest.main()

"""Outputs made of numpy values and PIL images, encoded as plain JSON numbers/lists and as image files.

Needs numpy and PIL on the interpreter running the tests: eng/run-python-tests.py runs this module on Debian's
/usr/bin/python3 with python3-numpy and python3-pil (installing them with apt when missing).
"""

import base64
import io
import os
import unittest

from harness import Server
from receivers import UploadReceiver

try:
    import numpy  # noqa: F401
    from PIL import Image
    MISSING = None
except ImportError as exc:
    MISSING = os.environ.get("COG_TEST_NUMPY_PIL_MISSING") or f"numpy and PIL are not installed for this interpreter ({exc})"


def image_of(data_url):
    prefix = "data:image/png;base64,"
    if not data_url.startswith(prefix):
        raise AssertionError(f"not a PNG data URL: {data_url[:60]}")
    return Image.open(io.BytesIO(base64.b64decode(data_url[len(prefix):])))


@unittest.skipIf(MISSING, MISSING)
class ArraysAndImagesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server("arrays_and_images.py:Predictor")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def output(self, kind):
        status, body = self.server.predict({"kind": kind})
        self.assertEqual((status, body["status"]), (200, "succeeded"), body)
        return body["output"]

    def test_numpy_scalars_become_json_numbers_and_booleans(self):
        self.assertEqual(self.output("scalars"),
                         {"bool": True, "float32": 0.5, "float64": 2.25, "int64": 7, "nan": None, "uint8": 255})

    def test_numpy_arrays_become_nested_lists(self):
        self.assertEqual(self.output("matrix"), [[0, 1, 2], [3, 4, 5]])
        self.assertEqual(self.output("floats"), [0.5, None, 1.5])
        self.assertEqual(self.output("nested"), [1.5, {"empty": [], "mask": [True, False]}, 3])

    def test_a_pil_image_is_a_png_file_output(self):
        image = image_of(self.output("image"))
        self.assertEqual((image.format, image.size, image.mode), ("PNG", (3, 2), "RGB"))
        self.assertEqual(image.getpixel((2, 1)), (255, 0, 0))

    def test_images_in_a_list_and_modes_png_cannot_hold(self):
        grey, blue = (image_of(url) for url in self.output("images"))
        self.assertEqual((grey.mode, grey.getpixel((0, 0))), ("L", 7))
        self.assertEqual((blue.mode, blue.getpixel((0, 0))), ("RGBA", (0, 0, 255, 128)))
        cmyk = image_of(self.output("cmyk"))
        self.assertEqual((cmyk.mode, cmyk.getpixel((0, 0))), ("RGB", (255, 0, 255)))

    def test_an_image_nested_in_a_dict_is_inlined(self):
        output = self.output("image_in_dict")
        self.assertEqual(image_of(output["preview"]).size, (1, 1))
        self.assertEqual(output["score"], 0.25)


@unittest.skipIf(MISSING, MISSING)
class StreamsAndUploadsTest(unittest.TestCase):
    def test_yielded_numpy_values(self):
        with Server("arrays_and_images.py:stream") as server:
            status, body = server.predict({"count": 3})
            self.assertEqual((status, body["output"]), (200, [0.0, 0.5, 1.0]))

    def test_images_are_uploaded_like_returned_paths(self):
        receiver = UploadReceiver()
        try:
            with Server("arrays_and_images.py:Predictor", args=["--upload-url", receiver.url]) as server:
                status, body = server.predict({"kind": "images"})
                self.assertEqual((status, body["status"]), (200, "succeeded"), body)
            names = [name for name, _, _ in receiver.received]
            self.assertEqual(len(set(names)), 2, "each image gets a file name of its own")
            self.assertEqual([t for _, _, t in receiver.received], ["image/png", "image/png"])
            self.assertEqual(body["output"], [f"http://files.example/{name}" for name in names])
            with Image.open(os.path.join(receiver.folder, names[0])) as grey:
                self.assertEqual(grey.getpixel((0, 0)), 7)
        finally:
            receiver.close()

    def test_an_image_return_annotation_is_a_file_in_the_schema(self):
        with Server("arrays_and_images.py:one_image") as server:
            output = server.json("GET", "/openapi.json")[1]["components"]["schemas"]["Output"]
            self.assertEqual(output, {"format": "uri", "title": "Output", "type": "string"})
            self.assertEqual(image_of(server.predict({})[1]["output"]).getpixel((0, 0)), (0, 128, 0))


if __name__ == "__main__":
    unittest.main()

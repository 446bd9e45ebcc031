"""Chunked request bodies: decoded correctly however they are split, in work proportional to their size."""

import unittest

from cog.server.chunked_body import MAX_LINE_BYTES, ChunkedBody, ChunkError


def encode(chunks, trailers=b""):
    return b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n" + trailers + b"\r\n"


class CountingBuffer(bytearray):
    """A receive buffer that adds up how many bytes the decoder searches through."""

    searched = 0

    def find(self, sub, start=0, *rest):
        found = super().find(sub, start, *rest)
        self.searched += (len(self) if found < 0 else found + len(sub)) - start
        return found


def feed_in_pieces(data, piece, buffer_type=bytearray):
    decoder, buf, result = ChunkedBody(1 << 30, 1 << 16), buffer_type(), None
    largest_leftover = 0
    for i in range(0, len(data), piece):
        buf += data[i:i + piece]
        result = decoder.feed(buf)
        if result is not None:
            return result, buf, largest_leftover
        largest_leftover = max(largest_leftover, len(buf))
    return result, buf, largest_leftover


class ChunkedBodyTest(unittest.TestCase):
    def test_decodes_chunks_extensions_and_trailers(self):
        data = b"5;name=value\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Checksum: 1\r\nX-Other: 2\r\n\r\n"
        buf = bytearray(data + b"GET / HTTP/1.1\r\n\r\n")
        self.assertEqual(ChunkedBody(1000, 1000).feed(buf), b"hello world")
        self.assertEqual(bytes(buf), b"GET / HTTP/1.1\r\n\r\n", "the next pipelined request stays in the buffer")

    def test_same_body_whatever_the_read_boundaries(self):
        body = bytes(range(256)) * 4
        data = encode([body[:1], body[1:300], body[300:301], body[301:]], b"T: x\r\n")
        for piece in (1, 2, 3, 7, 64, len(data)):
            with self.subTest(piece=piece):
                result, rest, _ = feed_in_pieces(data, piece)
                self.assertEqual(bytes(result), body)
                self.assertEqual(rest, b"")

    def test_work_is_proportional_to_the_body(self):
        # 20,000 one-byte chunks read 100 bytes at a time: a decoder that re-scans the buffer from its start on every
        # read searches ~n^2/200 = 2 billion bytes; moving decoded bytes out at once searches each byte about once.
        data = encode([b"x"] * 20000)
        result, buf, leftover = feed_in_pieces(data, 100, CountingBuffer)
        self.assertEqual(len(result), 20000)
        self.assertLessEqual(leftover, 8, "decoded bytes must leave the receive buffer as soon as they are read")
        self.assertLess(buf.searched, 2 * len(data))

    def test_a_slow_size_line_is_not_searched_again_from_its_start(self):
        line = b"1;" + b"e" * (MAX_LINE_BYTES - 10) + b"\r\nx\r\n0\r\n\r\n"
        buf, decoder = CountingBuffer(), ChunkedBody(1000, 1000)
        result = None
        for byte in line:
            buf.append(byte)
            result = decoder.feed(buf)
        self.assertEqual(result, b"x")
        self.assertLess(buf.searched, 3 * len(line))

    def test_malformed_sizes_are_400(self):
        for size_line in (b"0x5", b"1_0", b"-5", b"+5", b"", b"zz", b"1" * 17):
            with self.subTest(size_line=size_line):
                with self.assertRaises(ChunkError) as ctx:
                    ChunkedBody(1000, 1000).feed(bytearray(size_line + b"\r\nhello\r\n0\r\n\r\n"))
                self.assertEqual(ctx.exception.status, 400)

    def test_data_longer_than_its_size_is_400(self):
        with self.assertRaises(ChunkError) as ctx:
            ChunkedBody(1000, 1000).feed(bytearray(b"2\r\nhello\r\n0\r\n\r\n"))
        self.assertEqual(ctx.exception.status, 400)

    def test_endless_size_line_is_400_once_past_the_line_limit(self):
        decoder = ChunkedBody(1000, 1000)
        self.assertIsNone(decoder.feed(bytearray(b"1" * 10)))
        with self.assertRaises(ChunkError) as ctx:
            decoder.feed(bytearray(b"1;" + b"e" * MAX_LINE_BYTES))
        self.assertEqual(ctx.exception.status, 400)

    def test_body_over_the_limit_is_413_before_its_data_arrives(self):
        with self.assertRaises(ChunkError) as ctx:
            ChunkedBody(100, 1000).feed(bytearray(b"40\r\n" + b"x" * 64 + b"\r\n40\r\n"))
        self.assertEqual(ctx.exception.status, 413)

    def test_trailers_over_their_limit_are_431(self):
        with self.assertRaises(ChunkError) as ctx:
            ChunkedBody(100, 50).feed(bytearray(b"0\r\n" + b"X-A: 1234567890\r\n" * 5 + b"\r\n"))
        self.assertEqual(ctx.exception.status, 431)


if __name__ == "__main__":
    unittest.main()

from cog import BaseRunner, Input, Path


def read_netpbm(data: bytes):
    """Parses a binary PPM (P6) or PGM (P5) image: returns (magic, width, height, maxval, pixel bytes)."""
    fields, position = [], 0
    while len(fields) < 4:
        while data[position:position + 1].isspace():
            position += 1
        if data[position:position + 1] == b"#":
            position = data.index(b"\n", position) + 1
            continue
        end = position
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    magic, width, height, maxval = fields[0], int(fields[1]), int(fields[2]), int(fields[3])
    if magic not in (b"P5", b"P6"):
        raise ValueError("expected a binary PPM (P6) or PGM (P5) image")
    return magic, width, height, maxval, data[position + 1:]


class Runner(BaseRunner):
    def run(self, image: Path = Input(description="A binary PPM or PGM image to mirror")) -> Path:
        magic, width, height, maxval, pixels = read_netpbm(image.read_bytes())
        channels = 3 if magic == b"P6" else 1
        row_size = width * channels
        mirrored = bytearray()
        for row in range(height):
            line = pixels[row * row_size:(row + 1) * row_size]
            for column in reversed(range(width)):
                mirrored += line[column * channels:(column + 1) * channels]
        output = Path("/tmp/mirrored" + (".ppm" if channels == 3 else ".pgm"))
        output.write_bytes(b"%s\n%d %d\n%d\n" % (magic, width, height, maxval) + bytes(mirrored))
        return output

namespace Cog.Build.Docker;

/// <summary>
/// One decoded BuildKit <c>StatusResponse</c> (moby.buildkit.trace): vertices (build steps) with their cache and
/// completion state, and log chunks written by running steps.
/// </summary>
internal sealed record BuildKitStatus(IReadOnlyList<BuildKitVertex> Vertices, IReadOnlyList<BuildKitLog> Logs)
{
    // Field numbers from moby/buildkit api/services/control/control.proto.
    public static BuildKitStatus Decode(ReadOnlySpan<byte> data)
    {
        var vertices = new List<BuildKitVertex>();
        var logs = new List<BuildKitLog>();
        var reader = new ProtobufReader(data);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == 1 && wire == 2)
            {
                vertices.Add(DecodeVertex(reader.ReadBytes()));
            }
            else if (field == 3 && wire == 2)
            {
                logs.Add(DecodeLog(reader.ReadBytes()));
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return new BuildKitStatus(vertices, logs);
    }

    private static BuildKitVertex DecodeVertex(ReadOnlySpan<byte> data)
    {
        string digest = "", name = "";
        string? error = null;
        bool cached = false, started = false, completed = false;
        var reader = new ProtobufReader(data);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == 2: digest = reader.ReadString(); break;
                case 3 when wire == 2: name = reader.ReadString(); break;
                case 4 when wire == 0: cached = reader.ReadVarint() != 0; break;
                case 5 when wire == 2: reader.ReadBytes(); started = true; break;
                case 6 when wire == 2: reader.ReadBytes(); completed = true; break;
                case 7 when wire == 2: error = reader.ReadString(); break;
                default: reader.Skip(wire); break;
            }
        }

        return new BuildKitVertex(digest, name, cached, started, completed, string.IsNullOrEmpty(error) ? null : error);
    }

    private static BuildKitLog DecodeLog(ReadOnlySpan<byte> data)
    {
        string vertex = "";
        byte[] message = Array.Empty<byte>();
        var reader = new ProtobufReader(data);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == 2: vertex = reader.ReadString(); break;
                case 4 when wire == 2: message = reader.ReadBytes().ToArray(); break;
                default: reader.Skip(wire); break;
            }
        }

        return new BuildKitLog(vertex, message);
    }
}

internal sealed record BuildKitVertex(string Digest, string Name, bool Cached, bool Started, bool Completed, string? Error);

internal sealed record BuildKitLog(string Vertex, byte[] Message);

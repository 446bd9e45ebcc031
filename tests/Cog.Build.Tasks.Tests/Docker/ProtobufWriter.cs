using System.Text;

namespace Cog.Build.Tasks.Tests.Docker;

/// <summary>Encodes the few protobuf shapes the BuildKit status tests need (varint and length-delimited fields).</summary>
internal sealed class ProtobufWriter
{
    private readonly MemoryStream _buffer = new();

    public ProtobufWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtobufWriter Message(int field, ProtobufWriter message) => Bytes(field, message.ToArray());

    public ProtobufWriter Bool(int field, bool value)
    {
        Varint((ulong)(field << 3));
        Varint(value ? 1UL : 0UL);
        return this;
    }

    public ProtobufWriter Bytes(int field, byte[] value)
    {
        Varint((ulong)((field << 3) | 2));
        Varint((ulong)value.Length);
        _buffer.Write(value);
        return this;
    }

    public byte[] ToArray() => _buffer.ToArray();

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _buffer.WriteByte((byte)value);
    }
}

using System.Buffers.Binary;
using System.Numerics;

namespace FunctionalNet.Formats;

/// <summary>
/// Collects an ONNX GraphProto — nodes, initializers, inputs and outputs — and encodes it with the field numbers
/// of onnx.proto. Local mutable state behind a pure export; tensors of the element type <typeparamref name="T"/>.
/// </summary>
internal sealed class OnnxGraph<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>TensorProto.DataType values this exporter uses.</summary>
    public const int Float = 1, Bool = 9, Int64 = 7, Double = 11, String = 8;

    /// <summary>The domain of the classic machine-learning operators (LabelEncoder, OneHotEncoder).</summary>
    public const string MlDomain = "ai.onnx.ml";

    /// <summary>The ai.onnx.ml opset imported when a node of that domain is used: 2 has LabelEncoder's keys_*/values_* form.</summary>
    public const int MlOpset = 2;

    private readonly List<Action<ProtoWriter>> nodes = [];
    private readonly List<Action<ProtoWriter>> initializers = [];
    private readonly List<Action<ProtoWriter>> inputs = [];
    private readonly List<Action<ProtoWriter>> outputs = [];
    private readonly System.Collections.Generic.HashSet<string> names = new(StringComparer.Ordinal);

    /// <summary>Whether a node of <see cref="MlDomain"/> was added, so the model must import that opset.</summary>
    public bool UsesMl { get; private set; }

    /// <summary>
    /// The first value name given twice (to inputs, initializers or node outputs), or null: ONNX needs each once,
    /// and a table's column names, which become inputs, are chosen by the user.
    /// </summary>
    public string? Duplicate { get; private set; }

    /// <summary>The element type of <typeparamref name="T"/>: FLOAT or DOUBLE.</summary>
    public static int ElementType => typeof(T) == typeof(float) ? Float : Double;

    /// <summary>
    /// Adds a node of the default domain whose attributes are floats (AttributeProto.FLOAT), longs (INT), strings
    /// (STRING), long arrays (INTS) or string arrays (STRINGS).
    /// </summary>
    public void Node(string opType, string name, string[] nodeInputs, string output, params (string Name, object Value)[] attributes) =>
        AddNode("", opType, name, nodeInputs, output, attributes);

    /// <summary>Adds a node of the <see cref="MlDomain"/> domain, attributes as for <see cref="Node"/>.</summary>
    public void MlNode(string opType, string name, string[] nodeInputs, string output, params (string Name, object Value)[] attributes)
    {
        UsesMl = true;
        AddNode(MlDomain, opType, name, nodeInputs, output, attributes);
    }

    private void AddNode(string domain, string opType, string name, string[] nodeInputs, string output, (string Name, object Value)[] attributes)
    {
        Named(output);
        nodes.Add(w =>
        {
            foreach (var input in nodeInputs) w.String(1, input);
            w.String(2, output).String(3, name).String(4, opType);
            foreach (var (attribute, value) in attributes) w.Message(5, a => Attribute(a.String(1, attribute), value));
            if (domain.Length > 0) w.String(7, domain);
        });
    }

    // AttributeProto: f=2, i=3, s=4, ints=8, strings=9, type=20 (FLOAT 1, INT 2, STRING 3, INTS 7, STRINGS 8).
    private static void Attribute(ProtoWriter a, object value)
    {
        switch (value)
        {
            case float f: a.Float(2, f).Varint(20, 1); break;
            case string s: a.String(4, s).Varint(20, 3); break;
            case long[] ints:
                foreach (long i in ints) a.Varint(8, i);
                a.Varint(20, 7);
                break;
            case string[] strings:
                foreach (string s in strings) a.String(9, s);
                a.Varint(20, 8);
                break;
            default: a.Varint(3, (long)value).Varint(20, 2); break;
        }
    }

    private void Named(string name)
    {
        if (!names.Add(name)) Duplicate ??= name;
    }

    /// <summary>Adds an initializer of <typeparamref name="T"/> values, little-endian in raw_data; no dims is a scalar.</summary>
    public string Constant(string name, ReadOnlySpan<T> values, params long[] dims)
    {
        int size = typeof(T) == typeof(float) ? 4 : 8;
        var raw = new byte[values.Length * size];
        for (int i = 0; i < values.Length; i++)
        {
            if (size == 4) BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), float.CreateTruncating(values[i]));
            else BinaryPrimitives.WriteDoubleLittleEndian(raw.AsSpan(i * 8), double.CreateTruncating(values[i]));
        }
        AddInitializer(name, ElementType, raw, dims);
        return name;
    }

    /// <summary>A scalar initializer of <typeparamref name="T"/>.</summary>
    public string Scalar(string name, double value) => Constant(name, [T.CreateTruncating(value)]);

    /// <summary>A one-dimensional int64 initializer (axes for Squeeze).</summary>
    public string Int64s(string name, params long[] values)
    {
        var raw = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * 8), values[i]);
        AddInitializer(name, Int64, raw, [values.Length]);
        return name;
    }

    /// <summary>A graph input; a dimension is a long (fixed) or a string (symbolic, e.g. the batch size <c>N</c>).</summary>
    public void Input(string name, int elementType, params object[] dims)
    {
        Named(name);
        inputs.Add(ValueInfo(name, elementType, dims));
    }

    /// <summary>A graph output, dimensions as for <see cref="Input"/>.</summary>
    public void Output(string name, int elementType, params object[] dims) => outputs.Add(ValueInfo(name, elementType, dims));

    /// <summary>Writes the GraphProto fields into <paramref name="w"/>: node=1, name=2, initializer=5, input=11, output=12.</summary>
    public void Encode(ProtoWriter w, string name)
    {
        foreach (var node in nodes) w.Message(1, node);
        w.String(2, name);
        foreach (var initializer in initializers) w.Message(5, initializer);
        foreach (var input in inputs) w.Message(11, input);
        foreach (var output in outputs) w.Message(12, output);
    }

    private void AddInitializer(string name, int dataType, byte[] raw, long[] dims)
    {
        Named(name);
        initializers.Add(w =>
        {
            foreach (var d in dims) w.Varint(1, d);
            w.Varint(2, dataType).String(8, name).Bytes(9, raw);
        });
    }

    // ValueInfoProto{name=1, type=2} → TypeProto{tensor_type=1} → Tensor{elem_type=1, shape=2} → Shape{dim=1}.
    private static Action<ProtoWriter> ValueInfo(string name, int elementType, object[] dims) => w =>
        w.String(1, name).Message(2, type => type.Message(1, tensor =>
        {
            tensor.Varint(1, elementType);
            tensor.Message(2, shape =>
            {
                foreach (var dim in dims)
                    shape.Message(1, d =>
                    {
                        if (dim is string param) d.String(2, param);
                        else d.Varint(1, Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture));
                    });
            });
        }));
}

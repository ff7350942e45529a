namespace FunctionalNet.Formats;

/// <summary>The element types this library reads and writes in safetensors files.</summary>
public enum TensorDtype
{
    /// <summary>IEEE 754 binary32, little-endian (<c>"F32"</c>).</summary>
    F32,

    /// <summary>IEEE 754 binary64, little-endian (<c>"F64"</c>).</summary>
    F64,
}

/// <summary>Names and sizes of <see cref="TensorDtype"/> values as the safetensors header spells them.</summary>
public static class TensorDtypes
{
    /// <summary>Bytes per element.</summary>
    public static int Size(this TensorDtype dtype) => dtype == TensorDtype.F32 ? 4 : 8;

    /// <summary>The header spelling: <c>F32</c> or <c>F64</c>.</summary>
    public static string Code(this TensorDtype dtype) => dtype == TensorDtype.F32 ? "F32" : "F64";

    /// <summary>The dtype spelled <paramref name="code"/> in a header, or null for any other (BF16, I64, …).</summary>
    public static TensorDtype? Parse(string code) => code switch
    {
        "F32" => TensorDtype.F32,
        "F64" => TensorDtype.F64,
        _ => null,
    };

    /// <summary>The dtype that stores <typeparamref name="T"/> (float → F32, double → F64).</summary>
    public static TensorDtype Of<T>() => typeof(T) == typeof(float) ? TensorDtype.F32 : TensorDtype.F64;
}

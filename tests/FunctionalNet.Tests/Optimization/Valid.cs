using LanguageExt;

namespace FunctionalNet.Tests.Optimization;

/// <summary>Unwraps validated values in tests, failing with the errors when there are any.</summary>
internal static class Valid
{
    public static T Get<T>(this Validation<Error, T> validation) =>
        validation.Match(value => value, errors => throw new Xunit.Sdk.XunitException("unexpected errors: " + string.Join("; ", errors)));

    public static IReadOnlyList<Error> Errors<T>(this Validation<Error, T> validation) =>
        validation.Match(_ => (IReadOnlyList<Error>)[], errors => [.. errors]);
}

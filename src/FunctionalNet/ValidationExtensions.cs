using LanguageExt;

namespace FunctionalNet;

/// <summary>Leaving the world of error values where a script or example prefers an exception.</summary>
public static class ValidationExtensions
{
    /// <summary>The success value, or an <see cref="ArgumentException"/> listing every error, one per line.</summary>
    /// <exception cref="ArgumentException">The validation failed.</exception>
    public static T OrThrow<T>(this Validation<Error, T> validation) =>
        validation.Match(value => value, errors => throw new ArgumentException(string.Join(Environment.NewLine, errors.Select(e => e.Message))));

    /// <summary>The right value, or an <see cref="ArgumentException"/> with the error's message.</summary>
    /// <exception cref="ArgumentException">The result is an error.</exception>
    public static T OrThrow<T>(this Either<Error, T> result) =>
        result.Match(value => value, error => throw new ArgumentException(error.Message));
}

namespace FunctionalNet.Cli;

/// <summary>Early return from an <see cref="LanguageExt.Either{L, R}"/> inside imperative shell code.</summary>
internal static class EitherExtensions
{
    public static bool TryRight<T>(this LanguageExt.Either<CliError, T> either, out T right, out CliError error)
    {
        (right, error) = either.Match(r => (r, (CliError)null!), e => (default(T)!, e));
        return either.IsRight;
    }

    /// <summary>The library's validation as one error line: the first problem's code, every problem's message.</summary>
    public static LanguageExt.Either<CliError, T> OrProblems<T>(this LanguageExt.Validation<Error, T> validation) =>
        validation.Match(
            Succ: LanguageExt.Prelude.Right<CliError, T>,
            Fail: errors => new CliError(new Error(errors.Head.Code, string.Join("; ", errors.Select(e => e.Message)))));
}

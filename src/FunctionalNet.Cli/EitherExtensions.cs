namespace FunctionalNet.Cli;

/// <summary>Early return from an <see cref="LanguageExt.Either{L, R}"/> inside imperative shell code.</summary>
internal static class EitherExtensions
{
    public static bool TryRight<T>(this LanguageExt.Either<CliError, T> either, out T right, out CliError error)
    {
        (right, error) = either.Match(r => (r, (CliError)null!), e => (default(T)!, e));
        return either.IsRight;
    }
}

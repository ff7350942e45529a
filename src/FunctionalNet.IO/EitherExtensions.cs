namespace FunctionalNet.IO;

/// <summary>Early return from an <see cref="LanguageExt.Either{L, R}"/> inside the file-handling code.</summary>
internal static class EitherExtensions
{
    public static bool TryRight<T>(this LanguageExt.Either<Error, T> either, out T right, out Error error)
    {
        (right, error) = either.Match(r => (r, (Error)null!), e => (default(T)!, e));
        return either.IsRight;
    }
}

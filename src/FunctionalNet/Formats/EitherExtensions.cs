using LanguageExt;

namespace FunctionalNet.Formats;

/// <summary>Early-return access to an <see cref="Either{L, R}"/>, for parsers that work on spans (which lambdas cannot capture).</summary>
internal static class EitherExtensions
{
    /// <summary>True and the right value, or false and the error.</summary>
    public static bool TryGet<TRight>(this Either<Error, TRight> either, out TRight right, out Error error)
    {
        (right, error) = either.Match(r => (r, (Error)null!), e => (default(TRight)!, e));
        return either.IsRight;
    }
}

namespace FunctionalNet;

/// <summary>How a multiclass ROC AUC reduces to binary ones, as scikit-learn's <c>multi_class</c> argument.</summary>
public enum MulticlassScheme
{
    /// <summary>Each class against all the others (<c>multi_class="ovr"</c>).</summary>
    OneVsRest,

    /// <summary>Each pair of classes on the rows of those two classes, both ways round (<c>multi_class="ovo"</c>, Hand &amp; Till 2001).</summary>
    OneVsOne,
}

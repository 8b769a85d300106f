namespace InstructLab.Aspire.Jinja.Runtime;

/// <summary>A Python dict: insertion-ordered, keys compared as Python compares them (1 == 1.0 == True).</summary>
internal sealed class PyDict : OrderedDictionary<object, object?>
{
    public PyDict() : base(KeyComparer.Instance)
    {
    }

    private sealed class KeyComparer : IEqualityComparer<object>
    {
        public static KeyComparer Instance { get; } = new();

        public new bool Equals(object? x, object? y) => Runtime.Values.Equal(x, y);

        public int GetHashCode(object value) => value switch
        {
            bool b => (b ? 1L : 0L).GetHashCode(),
            double d when d == Math.Floor(d) && Math.Abs(d) < 9e18 => ((long)d).GetHashCode(),
            _ => value.GetHashCode(),
        };
    }
}

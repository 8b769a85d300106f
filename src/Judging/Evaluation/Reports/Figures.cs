using System.Globalization;

namespace InstructLab.Aspire.Evaluations.Reports;

/// <summary>How figures are written for people, in reports and the CLI.</summary>
public static class Figures
{
    /// <summary>0.375 → "37.5%".</summary>
    public static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>An accuracy as a percentage, a rating with two decimals.</summary>
    public static string Score(string metric, double value) =>
        metric == Benchmarks.Accuracy ? Percent(value) : value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A difference: accuracy points ("+3.0 pt") or rating ("-0.50").</summary>
    public static string Delta(string metric, double? delta) => delta is not { } d ? ""
        : (d >= 0 ? "+" : "") + (metric == Benchmarks.Accuracy ? (d * 100).ToString("0.0", CultureInfo.InvariantCulture) + " pt" : d.ToString("0.00", CultureInfo.InvariantCulture));
}

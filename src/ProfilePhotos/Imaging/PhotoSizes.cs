using System.Globalization;

namespace ProfilePhotos.Imaging;

/// <summary>Graph's standard square sizes, and how a size is written (<c>240X240</c>) and read (either case).</summary>
public static class PhotoSizes
{
    public static readonly IReadOnlyList<int> Standard = [48, 64, 96, 120, 240, 360, 432, 504, 648];

    public static int Smallest => Standard[0];

    /// <summary>Every standard size not larger than the shorter side, smallest first.</summary>
    public static IReadOnlyList<int> AvailableFor(int width, int height) =>
        Standard.Where(size => size <= Math.Min(width, height)).ToList();

    public static string Id(int size) => string.Create(CultureInfo.InvariantCulture, $"{size}X{size}");

    /// <summary>A standard size named in a URL (<c>48x48</c> or <c>48X48</c>), else null.</summary>
    public static int? Parse(string id)
    {
        var x = id.IndexOfAny(['x', 'X']);
        return x > 0
            && int.TryParse(id.AsSpan(0, x), NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            && int.TryParse(id.AsSpan(x + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            && width == height && Standard.Contains(width)
                ? width
                : null;
    }
}

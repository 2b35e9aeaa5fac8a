namespace ProfilePhotos.Graph;

/// <summary>Client input that an error message echoes: without control characters, and short.</summary>
public static class ClientText
{
    public static string Echo(string value, int maxLength = 100)
    {
        var clean = new string(value.Where(c => !char.IsControl(c)).Take(maxLength).ToArray());
        return clean.Length < value.Length ? clean + "…" : clean;
    }
}

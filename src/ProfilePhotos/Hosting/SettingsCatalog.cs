using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Options;
using ProfilePhotos.Identity;
using ProfilePhotos.Imaging;
using ProfilePhotos.Photos;

namespace ProfilePhotos.Hosting;

/// <summary>A section of ours: its settings, and how to get its bound (and thereby validated) options from the services.</summary>
public sealed record SettingsSection(Setting Root, Func<IServiceProvider, object> BoundOptions);

/// <summary>
/// The settings of our sections, read by reflection from their options classes: what each means
/// (<see cref="SettingAttribute"/>), its default (a default-constructed instance) and what it takes
/// (its type). The options classes are the one source; <c>--help</c> and the start check derive from them.
/// </summary>
public static class SettingsCatalog
{
    private static readonly string[] IndexNames = ["N", "K", "M"];

    // Before Sections: static fields initialize in order, and Sections uses these.
    private static readonly HashSet<Type> ScalarTypes = [typeof(string), typeof(decimal), typeof(Guid), typeof(TimeSpan), typeof(DateTime), typeof(DateTimeOffset), typeof(Uri)];

    private static readonly HashSet<Type> KnownGroupTypes = [typeof(StorageOptions), typeof(PhotoOptions), typeof(ImagingOptions), typeof(IdentityOptions), typeof(HttpsSettings), typeof(CorsSettings), typeof(ApplicationOptions), typeof(SigningKeyOptions)];

    public static IReadOnlyList<SettingsSection> Sections { get; } =
    [
        Section<StorageOptions>(StorageOptions.Section),
        Section<PhotoOptions>(PhotoOptions.Section),
        Section<ImagingOptions>(ImagingOptions.Section),
        Section<IdentityOptions>(IdentityOptions.Section),
        Section<HttpsSettings>(HttpsSettings.Section),
        Section<CorsSettings>(CorsSettings.Section),
    ];

    /// <summary>Every setting that takes a value, across our sections.</summary>
    public static IEnumerable<Setting> All => Sections.SelectMany(s => s.Root.Leaves());

    public static SettingsSection Section<TOptions>(string name)
        where TOptions : class, new() =>
        new(new Setting(name, name, SettingShape.Group, typeof(TOptions), "", null, Describe(typeof(TOptions), new TOptions(), name, 0)),
            services => services.GetRequiredService<IOptions<TOptions>>().Value);

    /// <summary>
    /// True for types the configuration binder converts from one string, as it decides it. The
    /// types our options use are answered without asking TypeDescriptor, whose first look at a
    /// class of ours costs tens of milliseconds of every start.
    /// </summary>
    public static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || ScalarTypes.Contains(type)
        || (!KnownGroupTypes.Contains(type) && !type.IsGenericType && TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string)));


    private static List<Setting> Describe(Type type, object instance, string prefix, int depth)
    {
        var settings = new List<Setting>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
        {
            if (ShapeOf(property, out var valueType) is not { } shape)
            {
                continue;
            }

            var declared = property.GetCustomAttribute<SettingAttribute>();
            var meaning = declared?.Meaning ?? "";
            var path = $"{prefix}:{property.Name}";
            var value = property.GetValue(instance);
            settings.Add(shape switch
            {
                SettingShape.Value => new Setting(property.Name, path, shape, valueType, meaning, declared?.Default ?? Format(value), []),
                SettingShape.Values => new Setting(property.Name, $"{path}:{IndexNames[depth]}", shape, valueType, meaning, declared?.Default, []),
                SettingShape.Group => new Setting(property.Name, path, shape, valueType, meaning, null,
                    Describe(valueType, value ?? Activator.CreateInstance(valueType)!, path, depth)),
                _ => new Setting(property.Name, $"{path}:{IndexNames[depth]}", shape, valueType, meaning, null,
                    Describe(valueType, Activator.CreateInstance(valueType)!, $"{path}:{IndexNames[depth]}", depth + 1)),
            });
        }

        return settings;
    }

    /// <summary>What the binder does with the property; null when it binds nothing (a computed property).</summary>
    private static SettingShape? ShapeOf(PropertyInfo property, out Type valueType)
    {
        var type = property.PropertyType;
        var settable = property.SetMethod is { IsPublic: true };
        valueType = Nullable.GetUnderlyingType(type) ?? type;
        if (IsScalar(valueType))
        {
            return settable ? SettingShape.Value : null;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            valueType = type.GetGenericArguments()[0];
            return IsScalar(valueType) ? SettingShape.Values : SettingShape.Groups;
        }

        return SettingShape.Group;
    }

    private static string? Format(object? value) => value switch
    {
        null or "" => null,
        Guid id when id == Guid.Empty => null,
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}

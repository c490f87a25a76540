using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace Referrals.Storage;

/// <summary>Reading and writing the property types the adapters store, the same way everywhere.</summary>
internal static class EntityExtensions
{
    /// <summary>Sets a property, or leaves it out when the value is null (tables have no null properties).</summary>
    public static TableEntity With(this TableEntity entity, string name, object? value)
    {
        if (value is not null)
        {
            entity[name] = value;
        }

        return entity;
    }

    public static string RequiredString(this TableEntity entity, string name) =>
        entity.GetString(name) ?? throw Missing(entity, name);

    public static long RequiredLong(this TableEntity entity, string name) =>
        entity.GetInt64(name) ?? throw Missing(entity, name);

    public static int RequiredInt(this TableEntity entity, string name) =>
        entity.GetInt32(name) ?? throw Missing(entity, name);

    public static bool RequiredBool(this TableEntity entity, string name) =>
        entity.GetBoolean(name) ?? throw Missing(entity, name);

    public static DateTimeOffset RequiredTime(this TableEntity entity, string name) =>
        entity.GetDateTimeOffset(name) ?? throw Missing(entity, name);

    public static TEnum RequiredEnum<TEnum>(this TableEntity entity, string name)
        where TEnum : struct, Enum =>
        Enum.Parse<TEnum>(entity.RequiredString(name));

    public static TEnum? OptionalEnum<TEnum>(this TableEntity entity, string name)
        where TEnum : struct, Enum =>
        entity.GetString(name) is { } value ? Enum.Parse<TEnum>(value) : null;

    /// <summary>Decimals are stored as invariant strings: tables have no decimal type and a double would round.</summary>
    public static string? ToStored(this decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    public static decimal? OptionalDecimal(this TableEntity entity, string name) =>
        entity.GetString(name) is { } value ? decimal.Parse(value, NumberStyles.Number, CultureInfo.InvariantCulture) : null;

    /// <summary>True when the service refused the write because the entity already exists.</summary>
    public static bool IsConflict(this RequestFailedException exception) => exception.Status == 409;

    private static InvalidOperationException Missing(TableEntity entity, string name) =>
        new($"Entity ({entity.PartitionKey}, {entity.RowKey}) has no '{name}' property.");
}

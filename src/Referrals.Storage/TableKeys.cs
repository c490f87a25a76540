namespace Referrals.Storage;

/// <summary>What Azure Tables accepts as a PartitionKey or RowKey.</summary>
internal static class TableKeys
{
    /// <summary>Keys are at most 1 KiB; strings are UTF-16 on the wire.</summary>
    public const int MaxLength = 512;

    public static bool IsValid(string? key) =>
        key is not null && key.Length <= MaxLength && !key.Any(IsForbidden);

    /// <summary>Throws for a key the table service would refuse, naming the argument.</summary>
    public static string Require(string? key, string argumentName)
    {
        ArgumentNullException.ThrowIfNull(key, argumentName);
        if (!IsValid(key))
        {
            throw new ArgumentException($"'{argumentName}' cannot be a table key: at most {MaxLength} characters, none of / \\ # ? or control characters.", argumentName);
        }

        return key;
    }

    private static bool IsForbidden(char c) => c is '/' or '\\' or '#' or '?' || char.IsControl(c);
}

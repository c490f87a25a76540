namespace Referrals.Core.Changes;

/// <summary>One field of a resource as it was and as it became (null: absent), in the API's JSON text.</summary>
public sealed record FieldChange(string Field, string? Before, string? After);

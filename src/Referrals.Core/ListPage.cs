namespace Referrals.Core;

/// <summary>
/// One page of a list in key order, and the key to continue after (<see cref="Next"/>), null when the
/// list may have ended. A page never holds more than was asked for.
/// </summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string? Next);

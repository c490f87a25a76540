namespace Referrals.Core.Changes;

/// <summary>
/// One change made to a program's resource: who (<see cref="Actor"/>, the caller's key), when, which
/// resource (<see cref="Resource"/> and its id), what was done (<see cref="Action"/>: update, retire,
/// archive) and each field that changed.
/// </summary>
public sealed record ChangeRecord(
    string Id,
    string ProgramId,
    string Resource,
    string ResourceId,
    string Action,
    string Actor,
    DateTimeOffset At,
    IReadOnlyList<FieldChange> Fields);

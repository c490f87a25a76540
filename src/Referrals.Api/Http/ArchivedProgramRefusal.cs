namespace Referrals.Api.Http;

/// <summary>
/// Endpoint metadata: the endpoint creates something in a program and refuses to when the program is
/// archived (409, <see cref="Problems.ProgramArchivedType"/>). Set with <see cref="OperationConventions.RefusesArchivedProgram"/>.
/// </summary>
public sealed class ArchivedProgramRefusal
{
    private ArchivedProgramRefusal()
    {
    }

    public static ArchivedProgramRefusal Instance { get; } = new();

    /// <summary>How the description words the 409 answer.</summary>
    public const string Description = "The program is archived and takes nothing new: a problem of type `" + Problems.ProgramArchivedType + "`; nothing was stored.";
}

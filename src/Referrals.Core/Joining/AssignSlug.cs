using System.Globalization;

namespace Referrals.Core.Joining;

/// <summary>Gives a new program a free slug made from its name: <c>acme</c>, else <c>acme-2</c>, <c>acme-3</c>...</summary>
public sealed class AssignSlug(IProgramSlugStore slugs)
{
    private const int Attempts = 20;

    public async Task<string> ExecuteAsync(string programId, string programName, CancellationToken cancellationToken)
    {
        var stem = ProgramSlug.FromName(programName);
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var slug = attempt == 1 ? stem : $"{stem}-{attempt.ToString(CultureInfo.InvariantCulture)}";
            if (await slugs.TrySetAsync(programId, slug, cancellationToken))
            {
                return slug;
            }
        }

        // Twenty programs of one name: the id itself is unique.
        var fallback = $"{stem}-{programId.ToLowerInvariant().Replace('_', '-')}";
        fallback = fallback.Length > ProgramSlug.MaxLength ? fallback[^ProgramSlug.MaxLength..].TrimStart('-') : fallback;
        return await slugs.TrySetAsync(programId, fallback, cancellationToken)
            ? fallback
            : throw new InvalidOperationException($"No free slug for program {programId}.");
    }
}

namespace Referrals.Core.Joining;

/// <summary>
/// A durable queue of <see cref="TermsPublished"/> work items: the request that publishes terms leaves one,
/// and a worker (<see cref="NotifyNewTerms"/>) e-mails the partners, so a crash midway loses no e-mail.
/// </summary>
public interface ITermsFanOut
{
    Task EnqueueAsync(TermsPublished published, CancellationToken cancellationToken);
}

namespace Referrals.Core.Tracking;

/// <summary>What became of a click handed to <see cref="ClickRecorder.RecordWithinAsync"/> within the wait it was given.</summary>
/// <param name="Id">The click's id, or null when it was <see cref="ClickRecordingOutcome.Dropped"/>.</param>
/// <param name="Outcome">Whether the click is stored, held for storing, or not recorded.</param>
public readonly record struct ClickRecording(ClickId? Id, ClickRecordingOutcome Outcome);

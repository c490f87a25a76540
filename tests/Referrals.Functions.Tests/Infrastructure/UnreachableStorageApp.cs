namespace Referrals.Functions.Tests.Infrastructure;

/// <summary>The app with its storage at a loopback port nobody listens on: every storage call fails.</summary>
public sealed class UnreachableStorageApp : FunctionsApp
{
    protected override bool StorageReachable => false;
}
